namespace Zos.Kernel.Storage
{
    // What a BlockClient's completion ring holds: the request, finished.
    public struct BlockCompletion
    {
        public BlockRequest Request;
        public ulong Tag;
    }
}
