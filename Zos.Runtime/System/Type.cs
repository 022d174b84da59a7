using System.Reflection;

namespace System
{
    // Present so that signatures naming Type compile; Zos keeps no reflection metadata.
    public abstract class Type : MemberInfo
    {
        protected Type() { }
    }
}
