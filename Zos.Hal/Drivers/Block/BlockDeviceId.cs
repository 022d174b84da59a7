using System;

namespace Zos.Hal.Drivers.Block
{
    // What GetId returns: the device's serial, up to Bytes bytes, NUL-terminated when shorter.
    public static class BlockDeviceId
    {
        public const int Bytes = 20;

        // Printable ASCII; anything else shows as '?'.
        public static string Decode(ReadOnlySpan<byte> id)
        {
            int length = 0;
            while (length < id.Length && length < Bytes && id[length] != 0) length++;
            var text = new char[length];
            for (int i = 0; i < length; i++) text[i] = id[i] >= 0x20 && id[i] < 0x7F ? (char)id[i] : '?';
            return new string(text);
        }
    }
}
