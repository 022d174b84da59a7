using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Zos.Build;

namespace Zos.Tests.Qemu;

[Category("qemu")]
public class GdbTests
{
    // The gdb command `zos debug` prints, in batch mode: stop in a C# method
    // by its symbol, and check the backtrace names it with its source file.
    [Test]
    public void GdbStopsInAManagedMethodWithSourceLines()
    {
        int port = FreePort();
        string elf = new RepositoryLayout(RepositoryLayout.FindRoot(TestContext.CurrentContext.TestDirectory), "Debug").KernelElf;
        using var machine = ZosMachine.Start("-gdb", $"tcp:localhost:{port}", "-S");
        const string method = "Zos_Kernel_Zos_Kernel_Memory_KernelMemory__Initialize";
        var result = ProcessRunner.Run("timeout", ["120", "gdb", "-batch", "-nx", .. Launcher.GdbArguments(elf, method, port), "-ex", "bt 2"]);

        Assert.That(result.Output, Does.Match($@"#0 +{method} \(.*\) at .*Zos\.Kernel/Memory/KernelMemory\.cs:\d+"));
        Assert.That(result.Output, Does.Match(@"#1 .*KernelMain.*KernelMain\.cs:\d+"));
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
