namespace Zos.Hal.Firmware
{
    // QEMU's firmware configuration device (docs/specs/fw_cfg.rst in QEMU): a
    // 16-bit selector port and an 8-bit data port on x86. Item 0 reads
    // "QEMU"; item 0x19 is the file directory, a big-endian count and then 64-byte
    // entries (size, select, reserved, a 56-byte name). `-fw_cfg
    // name=opt/...,string=...` on QEMU's command line adds a file: the way
    // tests hand the kernel options without rebuilding the image.
    public static class QemuFirmwareConfig
    {
        private const ushort SelectorPort = 0x510, DataPort = 0x511;
        private const ushort SignatureItem = 0x0000, FileDirectoryItem = 0x0019;
        private const int NameBytes = 56;

        // The file's text, or null when there is no such file (or no fw_cfg: real hardware reads 0xFF).
        public static string ReadText(string name)
        {
            PortIo.Write16(SelectorPort, SignatureItem);
            if (PortIo.Read8(DataPort) != 'Q' || PortIo.Read8(DataPort) != 'E' || PortIo.Read8(DataPort) != 'M' || PortIo.Read8(DataPort) != 'U')
                return null;
            PortIo.Write16(SelectorPort, FileDirectoryItem);
            uint count = ReadBigEndian(4);
            for (uint i = 0; i < count; i++)
            {
                uint size = ReadBigEndian(4);
                ushort select = (ushort)ReadBigEndian(2);
                ReadBigEndian(2);
                bool same = true;
                for (int c = 0; c < NameBytes; c++)
                {
                    byte b = PortIo.Read8(DataPort);
                    char expected = c < name.Length ? name[c] : '\0';
                    if (b != expected) same = false;
                }
                if (!same) continue;
                PortIo.Write16(SelectorPort, select);
                var text = new char[size];
                int length = 0;
                for (uint j = 0; j < size; j++)
                {
                    byte b = PortIo.Read8(DataPort);
                    if (b != 0) text[length++] = (char)b;
                }
                return new string(text, 0, length);
            }
            return null;
        }

        private static uint ReadBigEndian(int bytes)
        {
            uint value = 0;
            for (int i = 0; i < bytes; i++) value = value << 8 | PortIo.Read8(DataPort);
            return value;
        }
    }
}
