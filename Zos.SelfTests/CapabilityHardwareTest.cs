using Zos.Hal;
using Zos.Hal.Apic;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Memory;
using Zos.Kernel.Memory;
using Zos.Kernel.Platform;

namespace Zos.SelfTests
{
    // The capability layer over the real machine: checked port, MMIO (32- and
    // 64-bit) and DMA accesses give what direct accesses give; refused ones are
    // reported to the handler and caught as exceptions; DMA frames come back
    // when the owner restarts.
    public sealed unsafe class CapabilityHardwareTest : KernelTest
    {
        private const ushort CmosIndex = 0x70;
        private const byte NoNmi = 0x80, RegisterA = 0x0A;
        private const ulong ApicVersionRegister = 0x30;

        public override string Name => "capabilities.machine_hardware";

        private sealed class TestOwner : CapabilityOwner
        {
            public TestOwner() : base("capability-test") { }
        }

        private sealed class RecordingHandler : CapabilityViolationHandler
        {
            public int Count;
            public CapabilityEvent Last;

            public override void OnViolation(CapabilityEvent violation)
            {
                Count++;
                Last = violation;
            }
        }

        public override string Run()
        {
            var handler = new RecordingHandler();
            var authority = new CapabilityAuthority(MachineIoPorts.Instance, IdentityMappedMemory.Instance,
                new FrameDmaMemory(KernelMemory.Frames), 256 * 1024, 16) { ViolationHandler = handler };
            var owner = new TestOwner();
            return Ports(authority, owner, handler) ?? Mmio(authority, owner, handler) ?? Dma(authority, owner);
        }

        private static string Ports(CapabilityAuthority authority, CapabilityOwner owner, RecordingHandler handler)
        {
            CapabilityDenial denial = authority.DeclareIoPorts(CmosIndex, 2, out IoPortRange cmos);
            if (denial is not null) return "declaring the CMOS ports: " + denial.ToString();
            denial = authority.Grant(cmos, owner, 0, 2, CapabilityRights.ReadWrite, out IoPortRange ports);
            if (denial is not null) return "granting the CMOS ports: " + denial.ToString();

            ulong flags = Cpu.DisableInterruptsSaving();
            PortIo.Write8(CmosIndex, NoNmi | RegisterA);
            byte direct = (byte)(PortIo.Read8(CmosIndex + 1) & 0x7F);
            ports.Write8(0, NoNmi | RegisterA);
            byte checkedRead = (byte)(ports.Read8(1) & 0x7F);
            Cpu.RestoreInterrupts(flags);
            if (checkedRead != direct) return "CMOS register A read 0x" + checkedRead.ToString("x") + " through the capability, 0x" + direct.ToString("x") + " directly";

            string refused = ExpectViolation(handler, () => ports.Read8(2), ViolationReason.OutOfRange, 0x72);
            if (refused is not null) return "port 0x72: " + refused;
            return Expect(authority.Audit.Violations == 1 && owner.Violations == 1,
                "counted " + authority.Audit.Violations.ToString() + " violations in the log, " + owner.Violations.ToString() + " for the owner");
        }

        private static string Mmio(CapabilityAuthority authority, CapabilityOwner owner, RecordingHandler handler)
        {
            CapabilityDenial denial = authority.DeclareMmio(LocalApic.BaseAddress, 0x1000, MmioCaching.Uncached, out MmioRegion apic);
            if (denial is not null) return "declaring the local APIC: " + denial.ToString();
            denial = authority.Grant(apic, owner, 0, 0x1000, CapabilityRights.Read, out MmioRegion registers);
            if (denial is not null) return "granting the local APIC: " + denial.ToString();
            PhysicalMemory memory = IdentityMappedMemory.Instance;
            uint version = registers.Read32(ApicVersionRegister);
            if (version != memory.Read32(LocalApic.BaseAddress + ApicVersionRegister))
                return "APIC version register read 0x" + version.ToString("x") + " through the capability";
            string refused = ExpectViolation(handler, () => registers.Write32(ApicVersionRegister, 0), ViolationReason.MissingRights,
                LocalApic.BaseAddress + ApicVersionRegister);
            if (refused is not null) return "APIC write: " + refused;

            // The HPET's capabilities register is 64 bits: the counter period above, revision and counts below.
            if (KernelAcpi.Tables?.Hpet is null) return "no HPET to read a 64-bit register from";
            ulong hpetBase = KernelAcpi.Tables.Hpet.BaseAddress.Address;
            denial = authority.DeclareMmio(hpetBase, 0x400, MmioCaching.Uncached, out MmioRegion hpet);
            if (denial is not null) return "declaring the HPET: " + denial.ToString();
            ulong capabilities = hpet.Read64(0);
            ulong halves = memory.Read32(hpetBase) | (ulong)memory.Read32(hpetBase + 4) << 32;
            return Expect(capabilities == halves && capabilities >> 32 != 0,
                "HPET capabilities read 0x" + capabilities.ToString("x") + " whole, 0x" + halves.ToString("x") + " in halves");
        }

        private static string Dma(CapabilityAuthority authority, CapabilityOwner owner)
        {
            ulong freeBefore = KernelMemory.Frames.FreeFrames;
            CapabilityDenial denial = authority.GrantDmaPool(owner, 64 * 1024, CapabilityAuthority.Below4GiB,
                CapabilityRights.Allocate | CapabilityRights.ReadWrite, out DmaPool pool);
            if (denial is not null) return "granting a DMA pool: " + denial.ToString();
            denial = pool.Allocate(3 * 4096, out DmaBuffer buffer);
            if (denial is not null) return "allocating a DMA buffer: " + denial.ToString();
            if (buffer.DeviceAddress % 4096 != 0 || buffer.DeviceAddress + 3 * 4096 > CapabilityAuthority.Below4GiB)
                return "DMA buffer at 0x" + buffer.DeviceAddress.ToString("x");
            if (KernelMemory.Frames.FreeFrames != freeBefore - 3)
                return "a 12 KiB buffer took " + (freeBefore - KernelMemory.Frames.FreeFrames).ToString() + " frames";

            buffer.Write64(8, 0x1122_3344_5566_7788);
            buffer.Write32(3 * 4096 - 4, 0xA5A5_5A5A);
            ulong* memory = (ulong*)buffer.DeviceAddress;
            if (memory[1] != 0x1122_3344_5566_7788 || memory[0] != 0) return "the device address does not hold what the buffer wrote";
            if (buffer.Read32(3 * 4096 - 4) != 0xA5A5_5A5A) return "the buffer's last word read back wrong";

            authority.RevokeAll(owner);
            if (KernelMemory.Frames.FreeFrames != freeBefore - 3) return "revocation freed frames before the reclaim";
            authority.BeginNewGeneration(owner);
            if (KernelMemory.Frames.FreeFrames != freeBefore) return "the restart did not give the DMA frames back";
            try
            {
                buffer.Read8(0);
                return "a buffer from before the restart was still readable";
            }
            catch (CapabilityViolationException stale)
            {
                return Expect(stale.Violation.Violation == ViolationReason.StaleGeneration,
                    "a buffer from before the restart was refused as " + CapabilityText.Of(stale.Violation.Violation));
            }
        }

        private static string ExpectViolation(RecordingHandler handler, System.Action access, ViolationReason reason, ulong address)
        {
            int before = handler.Count;
            try
            {
                access();
                return "the access was allowed";
            }
            catch (CapabilityViolationException thrown)
            {
                if (handler.Count != before + 1) return "the handler was told " + (handler.Count - before).ToString() + " times";
                if (thrown.Violation.Violation != reason || handler.Last.Violation != reason)
                    return "refused as " + CapabilityText.Of(thrown.Violation.Violation) + ", expected " + CapabilityText.Of(reason);
                return Expect(handler.Last.Address == address, "logged at 0x" + handler.Last.Address.ToString("x"));
            }
        }
    }
}
