using Zos.Hal.Apic;
using Zos.Hal.Interrupts;
using Zos.Hal.Memory;
using Zos.Hal.Pci;
using Zos.Kernel.Platform;
using Zos.Kernel.Threading;

namespace Zos.SelfTests.Pci
{
    // MSI end to end on QEMU's edu device (the suite boots with -device edu):
    // PciMsi programs the capability found at boot, the device's "raise
    // interrupt" register then sends a message that arrives at the chosen vector
    // on this CPU; once MSI is disabled, the same raise sends nothing. The edu
    // driver runs on the same device's MSI: its message registers are put back
    // afterwards, so it keeps its interrupt.
    public sealed unsafe class EduMsiTest : KernelTest
    {
        private const ushort EduVendor = 0x1234, EduDevice = 0x11E8;
        private const ulong InterruptStatus = 0x24, InterruptRaise = 0x60, InterruptAcknowledge = 0x64;
        private const uint RaisedBits = 0x5A;
        // Above the IRQ lines' vectors (48-111), below the tick (0xF0); only this test uses it.
        private const byte TestVector = 0xD0;

        private static KernelEvent s_delivered;
        private static int s_count;

        public override string Name => "pci.edu_msi";

        public override string Run()
        {
            PciFunctionInfo edu = PciDevices.Find(EduVendor, EduDevice);
            if (edu is null) return "no edu device (1234:11e8) was enumerated; boot with -device edu";
            if (edu.Msi is null) return "edu has no MSI capability";
            if (!edu.TryGetBar(0, out PciBar registers)) return "edu has no BAR 0";
            PciConfigSpace config = PciDevices.Config;
            PciCommandBits command = PciCommandRegister.Read(config, edu.Address);
            uint[] driverMsi = SaveMsi(config, edu);

            s_delivered = new KernelEvent(autoReset: true);
            s_count = 0;
            InterruptTable.SetHandler(TestVector, &OnMessage);
            PciCommandRegister.EnableMemoryDecode(config, edu.Address);
            PciCommandRegister.EnableBusMaster(config, edu.Address);
            PciCommandRegister.DisableIntx(config, edu.Address);
            string error = PciMsi.Enable(config, edu.Address, edu.Msi, (byte)LocalApic.Id, TestVector);
            if (error is not null) return error;
            bool enabled = PciMsi.IsEnabled(config, edu.Address, edu.Msi);

            PhysicalMemory memory = IdentityMappedMemory.Instance;
            memory.Write32(registers.Address + InterruptRaise, RaisedBits);
            bool delivered = s_delivered.Wait(2000);
            uint status = memory.Read32(registers.Address + InterruptStatus);
            memory.Write32(registers.Address + InterruptAcknowledge, RaisedBits);

            PciMsi.Disable(config, edu.Address, edu.Msi);
            bool disabled = !PciMsi.IsEnabled(config, edu.Address, edu.Msi);
            memory.Write32(registers.Address + InterruptRaise, RaisedBits);
            bool deliveredWhileDisabled = s_delivered.Wait(100);
            memory.Write32(registers.Address + InterruptAcknowledge, RaisedBits);

            RestoreMsi(config, edu, driverMsi);
            config.Write16(edu.Address, PciRegisters.Command, (ushort)command);
            InterruptTable.SetHandler(TestVector, null);
            return Expect(enabled, "the MSI enable bit did not stick")
                ?? Expect(delivered, "no message at vector 0xd0 within 2 s of raising the edu interrupt")
                ?? Expect(status == RaisedBits, "edu interrupt status 0x" + status.ToString("x") + ", expected 0x5a")
                ?? Expect(disabled, "the MSI enable bit did not clear")
                ?? Expect(!deliveredWhileDisabled && s_count == 1, "messages arrived with MSI disabled (count " + s_count.ToString() + ")");
        }

        // The capability's dwords from the control register to the data register.
        private static uint[] SaveMsi(PciConfigSpace config, PciFunctionInfo edu)
        {
            var saved = new uint[(edu.Msi.DataRegister - edu.Msi.Offset) / 4 + 1];
            for (int i = 0; i < saved.Length; i++) saved[i] = config.Read32(edu.Address, edu.Msi.Offset + 4 * i);
            return saved;
        }

        // Message first, enable bit (in dword 0) last.
        private static void RestoreMsi(PciConfigSpace config, PciFunctionInfo edu, uint[] saved)
        {
            for (int i = saved.Length - 1; i >= 0; i--) config.Write32(edu.Address, edu.Msi.Offset + 4 * i, saved[i]);
        }

        private static void OnMessage(InterruptFrame* frame)
        {
            s_count++;
            s_delivered.Set();
            LocalApic.EndOfInterrupt();
        }
    }
}
