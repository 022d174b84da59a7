using Zos.Tests.Host.Capabilities;

namespace Zos.Tests.Host.VirtIO;

// A modern virtio device's memory BAR (virtio 1.2, 4.1.4): the common
// configuration, ISR, device configuration and notification structures at the
// offsets its capabilities name. Every access must have the width of the field
// it touches; anything else fails the test.
public sealed class TransportModernRegisters(TransportSimulatedDevice device) : SimulatedRegisterFile
{
    public const ulong CommonAt = 0x0000, IsrAt = 0x1000, DeviceAt = 0x2000, NotifyAt = 0x3000, StructureBytes = 0x1000;
    public const uint NotifyMultiplier = 4;

    private uint _deviceFeatureSelect, _driverFeatureSelect;
    private ushort _queueSelect;

    private TransportSimulatedDevice.Queue Selected => device.Queues[_queueSelect];

    public override ulong Read(ulong offset, int width)
    {
        if (offset >= IsrAt && offset < IsrAt + StructureBytes) return Expect(width, 1, offset) ? device.TakeIsr() : 0UL;
        if (offset >= DeviceAt && offset < DeviceAt + StructureBytes) return device.ReadConfig((int)(offset - DeviceAt), width);
        Assert.That(offset, Is.LessThan(CommonAt + StructureBytes), $"read at 0x{offset:x} outside the readable structures");
        return (offset - CommonAt, width) switch
        {
            (0x00, 4) => _deviceFeatureSelect,
            (0x04, 4) => _deviceFeatureSelect < 2 ? (uint)(device.DeviceFeatures >> (32 * (int)_deviceFeatureSelect)) : 0,
            (0x08, 4) => _driverFeatureSelect,
            (0x0C, 4) => _driverFeatureSelect < 2 ? (uint)(device.DriverFeatures >> (32 * (int)_driverFeatureSelect)) : 0,
            (0x10, 2) => device.ConfigVector,
            (0x12, 2) => (ulong)device.Queues.Length,
            (0x14, 1) => device.ReadStatus(),
            (0x15, 1) => device.Generation,
            (0x16, 2) => _queueSelect,
            (0x18, 2) => Selected.Size,
            (0x1A, 2) => Selected.Vector,
            (0x1C, 2) => Selected.Enabled ? 1UL : 0,
            (0x1E, 2) => Selected.NotifyOffset,
            (0x20, 4) => (uint)Selected.Descriptors,
            (0x24, 4) => (uint)(Selected.Descriptors >> 32),
            _ => Unexpected("read", offset, width),
        };
    }

    public override void Write(ulong offset, int width, ulong value)
    {
        if (offset >= NotifyAt && offset < NotifyAt + StructureBytes)
        {
            Assert.That(width, Is.EqualTo(2), "a notification is a 16-bit write");
            Assert.That(offset - NotifyAt, Is.EqualTo((ulong)device.Queues[(int)value].NotifyOffset * NotifyMultiplier), $"queue {value} notified at 0x{offset:x}");
            device.Notifications.Add((int)value);
            return;
        }
        if (offset >= DeviceAt && offset < DeviceAt + StructureBytes)
        {
            device.WriteConfig((int)(offset - DeviceAt), width, value);
            return;
        }
        switch (offset - CommonAt, width)
        {
            case (0x00, 4): _deviceFeatureSelect = (uint)value; break;
            case (0x08, 4): _driverFeatureSelect = (uint)value; break;
            case (0x0C, 4):
                int shift = 32 * (int)_driverFeatureSelect;
                device.DriverFeatures = device.DriverFeatures & ~(0xFFFF_FFFFUL << shift) | value << shift;
                break;
            case (0x10, 2): device.ConfigVector = device.MapVector((ushort)value); break;
            case (0x14, 1): device.Status = (byte)value; break;
            case (0x16, 2): _queueSelect = (ushort)value; break;
            case (0x18, 2): Selected.Size = (ushort)value; break;
            case (0x1A, 2): Selected.Vector = device.MapVector((ushort)value); break;
            case (0x1C, 2): Selected.Enabled = value == 1; break;
            case (0x20, 4): Selected.Descriptors = Low(Selected.Descriptors, value); break;
            case (0x24, 4): Selected.Descriptors = High(Selected.Descriptors, value); break;
            case (0x28, 4): Selected.DriverArea = Low(Selected.DriverArea, value); break;
            case (0x2C, 4): Selected.DriverArea = High(Selected.DriverArea, value); break;
            case (0x30, 4): Selected.DeviceArea = Low(Selected.DeviceArea, value); break;
            case (0x34, 4): Selected.DeviceArea = High(Selected.DeviceArea, value); break;
            default: Unexpected("write", offset, width); break;
        }
    }

    private static ulong Low(ulong field, ulong value) => field & 0xFFFF_FFFF_0000_0000 | value;
    private static ulong High(ulong field, ulong value) => field & 0xFFFF_FFFF | value << 32;

    private static bool Expect(int width, int expected, ulong offset)
    {
        Assert.That(width, Is.EqualTo(expected), $"access at 0x{offset:x}");
        return true;
    }

    private static ulong Unexpected(string what, ulong offset, int width)
    {
        Assert.Fail($"unexpected {width * 8}-bit {what} at 0x{offset:x} of the modern BAR");
        return 0;
    }
}
