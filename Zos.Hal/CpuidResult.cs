namespace Zos.Hal
{
    public struct CpuidResult
    {
        public uint Eax;
        public uint Ebx;
        public uint Ecx;
        public uint Edx;
    }
}
