namespace Zos.Drivers.Edu
{
    // One request on the edu driver's channel; Tag comes back in the completion.
    public struct EduRequest
    {
        public EduRequest(int tag, EduOperation operation, ulong argument)
        {
            Tag = tag;
            Operation = operation;
            Argument = argument;
        }

        public int Tag;
        public EduOperation Operation;
        public ulong Argument;
    }
}
