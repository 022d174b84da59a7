namespace System.Runtime.CompilerServices
{
    // Views any object as its first data byte (just past the MethodTable pointer). ilc requires the type.
    internal sealed class RawData
    {
        public byte Data;
    }
}
