using Zos.Drivers.Edu;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;

namespace Zos.Tests.Host.Edu;

// The edu driver's own code against a model of QEMU's edu device (docs/specs/edu.rst in QEMU), through
// Zos.Testing's SimulatedPciDevice: what a driver author's tests look like (docs/your-first-driver.md).
public class EduDriverOnSimulatedHardwareTests
{
    private const ulong Bar0 = 0xFEA0_0000;

    // The registers the driver's probe uses, from the specification: identification 0x010000ed at 0x00,
    // liveness (reads back the inverse of what was written) at 0x04, status at 0x20, interrupts at 0x24-0x64.
    private sealed class EduModel : SimulatedRegisterFile
    {
        private uint _liveness;
        public uint Identification { get; set; } = 0x0100_00ED;
        public bool Inverts { get; set; } = true;
        public uint InterruptStatus { get; set; }

        public override ulong Read(ulong offset, int width) => offset switch
        {
            0x00 => Identification,
            0x04 => Inverts ? ~_liveness : _liveness,
            0x24 => InterruptStatus,
            _ => 0,
        };

        public override void Write(ulong offset, int width, ulong value)
        {
            if (offset == 0x04) _liveness = (uint)value;
            if (offset == 0x64) InterruptStatus &= ~(uint)value;
        }
    }

    private static (SimulatedPciDevice Device, EduModel Model, EduDriver Driver) Edu()
    {
        var model = new EduModel { InterruptStatus = 0x100 };
        var device = new SimulatedPciDevice(typeof(EduDriver), 0x1234, 0x11E8).WithMmioBar(0, Bar0, 0x10_0000, model);
        var channel = new DriverChannel<EduRequest, EduCompletion>(8, new CountingDoorbell(), new CountingDoorbell());
        return (device, model, new EduDriver(channel));
    }

    [Test]
    public void ProbesARealEduAndHoldsWhatItsManifestDeclares()
    {
        var (device, model, driver) = Edu();

        device.Start(driver);

        Assert.That(device.Context.Status, Is.EqualTo("edu 1.0 on 00:04.0 1234:11e8"));
        Assert.That(model.InterruptStatus, Is.EqualTo(0), "the probe acknowledged what an earlier incarnation left raised");
        var held = Enumerable.Range(0, device.Driver.CapabilityCount).Select(i => device.Driver.CapabilityAt(i)!.Kind).ToList();
        Assert.That(held, Is.EquivalentTo(new[] { CapabilityKind.MmioRegion, CapabilityKind.Irq, CapabilityKind.DmaPool }));
        Assert.That(device.Driver.Violations, Is.EqualTo(0));
    }

    [Test]
    public void ADeviceThatIsNotEduFailsTheProbeWithWhatItRead()
    {
        var (device, model, driver) = Edu();
        model.Identification = 0x0100_0042;

        var failure = Assert.Throws<DriverFailedException>(() => device.Start(driver))!;

        Assert.That(failure.Reason, Is.EqualTo("not an edu device: identification 0x01000042"));
    }

    [Test]
    public void ADeadDeviceFailsTheLivenessCheck()
    {
        var (device, model, driver) = Edu();
        model.Inverts = false;

        var failure = Assert.Throws<DriverFailedException>(() => device.Start(driver))!;

        Assert.That(failure.Reason, Is.EqualTo("liveness: wrote 0x12345678, read 0x12345678"));
    }

    [Test]
    public void ADriverAskingForWhatItsManifestDoesNotDeclareIsDenied()
    {
        var (device, _, _) = Edu();

        Assert.That(device.Context.RequestMmio(1, CapabilityRights.Read, out _).Message, Is.EqualTo("BAR 1 MMIO is not in the manifest"));
        Assert.That(device.Context.RequestPciFunction(CapabilityRights.Read, out _).Message, Is.EqualTo("no PCI configuration space in the manifest"));
        Assert.That(device.Driver.Denials, Is.EqualTo(2));
    }
}
