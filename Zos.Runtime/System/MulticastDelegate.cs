namespace System
{
    // Zos delegates hold one target; combining delegates is not supported yet.
    public abstract class MulticastDelegate : Delegate
    {
        private protected MulticastDelegate() { }
    }
}
