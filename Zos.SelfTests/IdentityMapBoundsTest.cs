using System;
using Zos.Hal.Memory;

namespace Zos.SelfTests
{
    // Table addresses come from firmware: one in page 0 or above 4 GiB must be
    // refused with a reason, not dereferenced (which would fault).
    public sealed class IdentityMapBoundsTest : KernelTest
    {
        public override string Name => "acpi.identity_map_bounds";

        public override string Run()
        {
            PhysicalMemory memory = IdentityMappedMemory.Instance;
            if (memory.TryRead(0x40E, 2, out ReadOnlySpan<byte> bytes, out string error)) return "page 0 was readable";
            if (memory.TryRead(0xFFFF_FFF0, 36, out bytes, out error)) return "a read crossing 4 GiB was accepted";
            if (memory.TryRead(0x2_0000_0000, 36, out bytes, out error)) return "a read above 4 GiB was accepted";
            if (!memory.TryRead(0xFFFF_FFDC, 36, out bytes, out error)) return "the last 36 bytes below 4 GiB were refused: " + error;
            if (!memory.TryRead(0xF0000, 16, out bytes, out error)) return "the BIOS area was refused: " + error;
            return Expect(bytes.Length == 16, "the BIOS area read gave " + bytes.Length.ToString() + " bytes");
        }
    }
}
