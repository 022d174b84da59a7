using Zos.Tests.Host.Capabilities;

namespace Zos.Tests.Host.VirtIO;

// A transitional virtio device's legacy I/O BAR 0 (virtio 1.2, 4.1.4.10): the
// fixed header, the two MSI-X vector registers while MSI-X is enabled, then
// the device configuration, which moves with them.
public sealed class TransportLegacyRegisters(TransportSimulatedDevice device, Func<bool> msiXEnabled) : SimulatedRegisterFile
{
    public const int Ports = 0x40;

    private ushort _queueSelect;

    private TransportSimulatedDevice.Queue Selected => device.Queues[_queueSelect];
    private int ConfigStart => msiXEnabled() ? 0x18 : 0x14;

    public override ulong Read(ulong offset, int width)
    {
        if ((int)offset >= ConfigStart) return device.ReadConfig((int)offset - ConfigStart, width);
        return (offset, width) switch
        {
            (0x00, 4) => (uint)device.DeviceFeatures,
            (0x04, 4) => (uint)device.DriverFeatures,
            (0x08, 4) => Selected.LegacyPage,
            // Queues past the last read as size 0.
            (0x0C, 2) => _queueSelect < device.Queues.Length ? Selected.MaxSize : 0UL,
            (0x0E, 2) => _queueSelect,
            (0x12, 1) => device.ReadStatus(),
            (0x13, 1) => device.TakeIsr(),
            (0x14, 2) => device.ConfigVector,
            (0x16, 2) => Selected.Vector,
            _ => Unexpected("read", offset, width),
        };
    }

    public override void Write(ulong offset, int width, ulong value)
    {
        if ((int)offset >= ConfigStart)
        {
            device.WriteConfig((int)offset - ConfigStart, width, value);
            return;
        }
        switch (offset, width)
        {
            case (0x04, 4): device.DriverFeatures = value; break;
            case (0x08, 4):
                Selected.LegacyPage = (uint)value;
                Selected.Enabled = value != 0;
                break;
            case (0x0E, 2): _queueSelect = (ushort)value; break;
            case (0x10, 2): device.Notifications.Add((int)value); break;
            case (0x12, 1): device.Status = (byte)value; break;
            case (0x14, 2): device.ConfigVector = device.MapVector((ushort)value); break;
            case (0x16, 2): Selected.Vector = device.MapVector((ushort)value); break;
            default: Unexpected("write", offset, width); break;
        }
    }

    private static ulong Unexpected(string what, ulong offset, int width)
    {
        Assert.Fail($"unexpected {width * 8}-bit {what} at port offset 0x{offset:x} of the legacy BAR");
        return 0;
    }
}
