namespace System.Reflection
{
    public abstract class MemberInfo
    {
        protected MemberInfo() { }
    }
}
