namespace Zos.Drivers.Edu
{
    // The answer to one request. Factorial: Value = n!. DMA: Value = bytes that
    // came back equal, Detail = their sum. InterruptStatus: the device's
    // interrupt status when an interrupt was waited for. Error: null on success.
    public struct EduCompletion
    {
        public int Tag;
        public ulong Value;
        public ulong Detail;
        public uint InterruptStatus;
        public string Error;

        public static EduCompletion Failed(int tag, string error) => new EduCompletion { Tag = tag, Error = error };
    }
}
