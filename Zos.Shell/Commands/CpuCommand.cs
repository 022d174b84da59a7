using Zos.Hal;
using Zos.Hal.Timing;

namespace Zos.Shell.Commands
{
    public sealed class CpuCommand : ShellCommand
    {
        public override string Name => "cpu";
        public override string Usage => "cpu";
        public override string Summary => "processor vendor, model, features and clock";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            CpuidResult leaf0 = Cpu.Cpuid(0);
            output.WriteLine("vendor: " + CpuidText.Registers(leaf0.Ebx, leaf0.Edx, leaf0.Ecx));
            output.WriteLine("brand: " + Brand());
            CpuidResult leaf1 = Cpu.Cpuid(1);
            uint family = (leaf1.Eax >> 8) & 0xF, model = (leaf1.Eax >> 4) & 0xF, stepping = leaf1.Eax & 0xF;
            if (family == 0xF) family += (leaf1.Eax >> 20) & 0xFF;
            if (family >= 6) model |= ((leaf1.Eax >> 16) & 0xF) << 4;
            output.WriteLine("family: " + family.ToString() + " model: " + model.ToString() + " stepping: " + stepping.ToString());
            output.WriteLine("features: " + CpuidText.Features(leaf1.Ecx, leaf1.Edx));
            output.WriteLine("tsc_hz: " + TimestampClock.TicksPerSecond.ToString());
            return null;
        }

        private static string Brand()
        {
            if (Cpu.Cpuid(0x80000000).Eax < 0x80000004) return "(not reported)";
            string brand = "";
            for (uint leaf = 0x80000002; leaf <= 0x80000004; leaf++)
            {
                CpuidResult r = Cpu.Cpuid(leaf);
                brand = string.Concat(brand, CpuidText.Registers(r.Eax, r.Ebx, r.Ecx), CpuidText.Registers(r.Edx));
            }
            return brand.Trim();
        }
    }
}
