namespace Zos.SelfTests.Exceptions
{
    // A minimal lock for the finally-releases-a-lock test (no Monitor yet):
    // a held flag and counters that show every acquire was paired with a release.
    public sealed class FlagLock
    {
        public bool Held { get; private set; }
        public int Acquisitions { get; private set; }
        public int Releases { get; private set; }

        public bool TryAcquire()
        {
            if (Held) return false;
            Held = true;
            Acquisitions++;
            return true;
        }

        public void Release()
        {
            Held = false;
            Releases++;
        }
    }
}
