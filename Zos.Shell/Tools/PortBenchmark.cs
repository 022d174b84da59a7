using Zos.Hal;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Memory;
using Zos.Hal.Timing;
using Zos.Kernel.Memory;

namespace Zos.Shell.Tools
{
    // What the capability check costs a port read: the same harmless port
    // (system control port B, 0x61) read directly and through an IoPortRange,
    // in alternating rounds so that drift hits both alike.
    public static class PortBenchmark
    {
        public const ushort Port = 0x61;
        private const int Rounds = 8;

        private sealed class BenchOwner : CapabilityOwner
        {
            public BenchOwner() : base("port-bench") { }
        }

        // Nanoseconds per read, averaged over reads per side; error non-null when the capability could not be made.
        public static string Measure(int reads, out ulong directNanoseconds, out ulong checkedNanoseconds)
        {
            directNanoseconds = checkedNanoseconds = 0;
            var authority = new CapabilityAuthority(MachineIoPorts.Instance, IdentityMappedMemory.Instance,
                new FrameDmaMemory(KernelMemory.Frames), 0, 1);
            CapabilityDenial denial = authority.DeclareIoPorts(Port, 1, out IoPortRange root);
            if (denial is not null) return denial.ToString();
            denial = authority.Grant(root, new BenchOwner(), 0, 1, CapabilityRights.Read, out IoPortRange port);
            if (denial is not null) return denial.ToString();
            int perRound = reads / Rounds;
            ulong direct = 0, checkedTotal = 0;
            for (int round = 0; round < Rounds; round++)
            {
                ulong start = TimestampClock.NanosecondsSinceBoot;
                for (int i = 0; i < perRound; i++) PortIo.Read8(Port);
                ulong middle = TimestampClock.NanosecondsSinceBoot;
                for (int i = 0; i < perRound; i++) port.Read8(0);
                ulong end = TimestampClock.NanosecondsSinceBoot;
                direct += middle - start;
                checkedTotal += end - middle;
            }
            ulong total = (ulong)perRound * Rounds;
            directNanoseconds = direct / total;
            checkedNanoseconds = checkedTotal / total;
            return null;
        }
    }
}
