using NUnit.Framework;
using Zos.Drivers.MyDevice;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Testing;

namespace Zos.Drivers.MyDevice.Tests;

// The driver's own code against a model of its device: the model follows the device's specification
// (here QEMU's edu, docs/specs/edu.rst in QEMU: identification 0x010000ed at offset 0), never the
// driver's constants, so a test fails when the driver misreads the device.
public class MyDeviceDriverTests
{
    private const ulong Bar0 = 0xFEA0_0000;
    private const ulong Bar0Size = 0x10_0000;

    private sealed class DeviceModel : SimulatedRegisterFile
    {
        public uint Identification { get; set; } = 0x0100_00ED;
        public List<ulong> Reads { get; } = new();

        public override ulong Read(ulong offset, int width)
        {
            Reads.Add(offset);
            return offset == 0 ? Identification : 0;
        }

        public override void Write(ulong offset, int width, ulong value) { }
    }

    private static (SimulatedPciDevice Device, DeviceModel Model, DriverChannel<MyDeviceRequest, MyDeviceCompletion> Channel, MyDeviceDriver Driver) Rig()
    {
        var model = new DeviceModel();
        var device = new SimulatedPciDevice(typeof(MyDeviceDriver), 0x1234, 0x11e8).WithMmioBar(0, Bar0, Bar0Size, model);
        var channel = new DriverChannel<MyDeviceRequest, MyDeviceCompletion>(8, new CountingDoorbell(), new CountingDoorbell());
        return (device, model, channel, new MyDeviceDriver(channel));
    }

    [Test]
    public void ProbeReportsWhatTheDeviceSays()
    {
        var (device, _, _, driver) = Rig();

        device.Start(driver);

        Assert.That(device.Context.Status, Is.EqualTo("mydevice on 00:04.0 1234:11e8: register 0 reads 0x010000ed"));
        Assert.That(device.Driver.Violations, Is.EqualTo(0));
    }

    [Test]
    public void ARequestReadsTheRegisterItNames()
    {
        var (device, model, channel, driver) = Rig();
        device.Start(driver);
        model.Reads.Clear();
        Assert.That(channel.TrySubmit(new MyDeviceRequest { Tag = 7, Offset = 0 }), Is.True);
        Assert.That(channel.TrySubmit(new MyDeviceRequest { Tag = 8, Offset = 2 }), Is.True);
        device.Context.StopAfterHeartbeats = 1;

        driver.Run(device.Context);

        Assert.That(channel.TryTakeCompletion(out MyDeviceCompletion first), Is.True);
        Assert.That((first.Tag, first.Ok, first.Value), Is.EqualTo((7, true, 0x0100_00EDu)));
        Assert.That(channel.TryTakeCompletion(out MyDeviceCompletion second), Is.True);
        Assert.That((second.Tag, second.Ok), Is.EqualTo((8, false)), "a misaligned register is refused, not read");
        Assert.That(model.Reads, Is.EqualTo(new ulong[] { 0 }));
    }

    [Test]
    public void AnInjectedMmioFaultIsACapabilityViolation()
    {
        var (device, _, _, driver) = Rig();
        device.Start(driver);
        device.Context.Injected = InjectedFault.OutsideGrant;

        Assert.Throws<CapabilityViolationException>(() => driver.Run(device.Context));

        Assert.That(device.Driver.Violations, Is.EqualTo(1));
    }
}
