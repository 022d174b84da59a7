using System;

namespace Zos.Drivers.VirtIOBlock
{
    // The serial a GET_ID request returns: up to 20 bytes, NUL-terminated when shorter.
    public static class VirtioBlkDeviceId
    {
        public static string Decode(ReadOnlySpan<byte> id)
        {
            int length = 0;
            while (length < id.Length && length < VirtioBlkProtocol.IdBytes && id[length] != 0) length++;
            var text = new char[length];
            for (int i = 0; i < length; i++) text[i] = id[i] >= 0x20 && id[i] < 0x7F ? (char)id[i] : '?';
            return new string(text);
        }
    }
}
