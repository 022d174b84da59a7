namespace Zos.Shell.Commands
{
    // Turns CPUID register values into text: ASCII packed in registers, and feature names.
    public static class CpuidText
    {
        public static string Registers(params uint[] registers)
        {
            var chars = new char[registers.Length * 4];
            int length = 0;
            for (int r = 0; r < registers.Length; r++)
                for (int b = 0; b < 4; b++)
                {
                    char c = (char)((registers[r] >> (b * 8)) & 0xFF);
                    if (c != '\0') chars[length++] = c;
                }
            return new string(chars, 0, length);
        }

        // Leaf 1 feature bits worth knowing for a kernel (Intel SDM vol. 2A, table 3-10/3-11).
        public static string Features(uint ecx, uint edx)
        {
            string list = "";
            list = Add(list, edx, 4, "tsc");
            list = Add(list, edx, 5, "msr");
            list = Add(list, edx, 6, "pae");
            list = Add(list, edx, 9, "apic");
            list = Add(list, edx, 25, "sse");
            list = Add(list, edx, 26, "sse2");
            list = Add(list, ecx, 0, "sse3");
            list = Add(list, ecx, 9, "ssse3");
            list = Add(list, ecx, 19, "sse4.1");
            list = Add(list, ecx, 20, "sse4.2");
            list = Add(list, ecx, 21, "x2apic");
            list = Add(list, ecx, 23, "popcnt");
            list = Add(list, ecx, 26, "xsave");
            list = Add(list, ecx, 28, "avx");
            list = Add(list, ecx, 31, "hypervisor");
            return list;
        }

        private static string Add(string list, uint register, int bit, string name)
        {
            if ((register & (1u << bit)) == 0) return list;
            return list.Length == 0 ? name : string.Concat(list, " ", name);
        }
    }
}
