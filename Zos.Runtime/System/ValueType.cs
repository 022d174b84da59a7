namespace System
{
    public abstract class ValueType
    {
        protected ValueType() { }
        public override string ToString() => "System.ValueType";
    }
}
