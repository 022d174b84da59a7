namespace System
{
    // Every delegate type derives from this; combining lives in Delegate.
    public abstract class MulticastDelegate : Delegate
    {
        private protected MulticastDelegate() { }

        public static bool operator ==(MulticastDelegate d1, MulticastDelegate d2) => (Delegate)d1 == d2;

        public static bool operator !=(MulticastDelegate d1, MulticastDelegate d2) => (Delegate)d1 != d2;

        public sealed override bool Equals(object obj) => base.Equals(obj);

        public sealed override int GetHashCode() => base.GetHashCode();
    }
}
