namespace System
{
    public abstract class Enum : ValueType, IFormattable
    {
        protected Enum() { }

        // Zos keeps no metadata to name or format the value with.
        string IFormattable.ToString(string format, IFormatProvider formatProvider) => ToString();
    }
}
