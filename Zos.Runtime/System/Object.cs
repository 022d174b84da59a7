using Internal.Runtime;

namespace System
{
    public class Object
    {
        // The first word of every object: its type's MethodTable. ilc relies on the name.
#pragma warning disable 169
        internal unsafe MethodTable* m_pEEType;
#pragma warning restore 169

        public Object() { }

        public virtual bool Equals(object obj) => ReferenceEquals(this, obj);

        public static bool Equals(object objA, object objB)
        {
            if (ReferenceEquals(objA, objB)) return true;
            if (objA is null || objB is null) return false;
            return objA.Equals(objB);
        }

        public static bool ReferenceEquals(object objA, object objB) => objA == objB;

        public virtual int GetHashCode() => Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

        public virtual string ToString() => "System.Object";

        ~Object() { }
    }
}
