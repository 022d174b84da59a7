using Zos.Drivers.Edu;
using Zos.Hal.Drivers;
using Zos.Image;
using Zos.Kernel.Hosting;

namespace Zos.Tests.Host.DriverHost;

// The kernel writes its drivers' manifests in code (it has no reflection);
// the attributes on the driver classes are the source of truth.
public class BuiltInDriversTests
{
    private static IEnumerable<(Type Type, DriverRegistration Registration)> Drivers()
    {
        DriverCatalog catalog = BuiltInDrivers.Create();
        var driverTypes = typeof(EduDriver).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Driver))).ToList();
        Assert.That(catalog.Count, Is.EqualTo(driverTypes.Count), "every driver class in Zos.Drivers is in the catalog");
        for (int i = 0; i < catalog.Count; i++)
        {
            DriverRegistration registration = catalog.At(i);
            Type? type = driverTypes.SingleOrDefault(t => t.FullName == registration.Manifest.DriverType);
            Assert.That(type, Is.Not.Null, $"the catalog names {registration.Manifest.DriverType}, which is no driver class");
            yield return (type!, registration);
        }
    }

    [Test]
    public void EachCatalogManifestEqualsItsClassAttributes()
    {
        foreach (var (type, registration) in Drivers())
        {
            DriverManifest fromAttributes = DriverManifest.FromAttributes(type.FullName!, type.GetCustomAttributes(false), out string error);
            Assert.That(error, Is.Null);
            DriverManifest inCode = registration.Manifest;
            Assert.That((inCode.Name, inCode.DriverType), Is.EqualTo((fromAttributes.Name, fromAttributes.DriverType)));
            Assert.That(Matches(inCode), Is.EquivalentTo(Matches(fromAttributes)), $"{inCode.Name}: what it drives");
            Assert.That(Needs(inCode), Is.EquivalentTo(Needs(fromAttributes)), $"{inCode.Name}: what it needs");
            Assert.That(inCode.MemoryQuotaBytes, Is.EqualTo(fromAttributes.MemoryQuotaBytes), $"{inCode.Name}: its memory quota");
            Assert.That(inCode.InstancePrefix, Is.EqualTo(fromAttributes.InstancePrefix), $"{inCode.Name}: how its instances are named");
        }
    }

    [Test]
    public void TheComparisonSeesADifference()
    {
        DriverManifest edu = BuiltInDrivers.EduManifest();
        var needs = Enumerable.Range(0, edu.NeedCount).Select(edu.NeedAt).ToList();
        needs[0] = new ResourceNeed(needs[0].Kind, needs[0].Bar + 1, needs[0].Rights, needs[0].Bytes, needs[0].DeviceAddressLimit, needs[0].Caching);
        var altered = new DriverManifest(edu.Name, edu.DriverType, [edu.MatchAt(0)], needs.ToArray());
        Assert.That(Needs(altered), Is.Not.EquivalentTo(Needs(edu)));
    }

    [Test]
    public void TheCatalogRefusesTwoDriversWithOneName()
    {
        DriverRegistration edu = BuiltInDrivers.Create().At(0);
        var error = Assert.Throws<ArgumentException>(() => new DriverCatalog([edu, edu]));
        Assert.That(error!.Message, Does.Contain("two drivers are named edu"));
    }

    private static List<string> Matches(DriverManifest manifest) => Enumerable.Range(0, manifest.MatchCount).Select(manifest.MatchAt)
        .Select(m => $"{m.ByDevice} {m.VendorId:x4}:{m.DeviceId:x4} {m.ClassCode:x2}.{m.Subclass:x2}.{m.ProgrammingInterface}").ToList();

    private static List<string> Needs(DriverManifest manifest) => Enumerable.Range(0, manifest.NeedCount).Select(manifest.NeedAt)
        .Select(n => $"{n.Kind} bar {n.Bar} {n.Rights} {n.Bytes} below {n.DeviceAddressLimit:x} {n.Caching}").ToList();
}
