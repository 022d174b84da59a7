using System.Runtime.CompilerServices;

namespace System
{
    // Arrays: MethodTable pointer, 32-bit length, 32-bit padding, then elements.
    public abstract class Array
    {
        private int _numComponents;
        private int _padding;

        private protected Array() { }

        public int Length => _numComponents;

        public long LongLength => _numComponents;

        public int Rank => 1;

        public static unsafe void Copy(Array sourceArray, Array destinationArray, int length) =>
            Copy(sourceArray, 0, destinationArray, 0, length);

        public static unsafe void Copy(Array sourceArray, int sourceIndex, Array destinationArray, int destinationIndex, int length)
        {
            if (sourceArray is null || destinationArray is null) ThrowHelper.ThrowArgumentNull();
            if (sourceArray.m_pEEType != destinationArray.m_pEEType) ThrowHelper.ThrowArgument("Array.Copy needs arrays of the same type.");
            if (length < 0 || sourceIndex < 0 || destinationIndex < 0 ||
                sourceIndex > sourceArray.Length - length || destinationIndex > destinationArray.Length - length)
                ThrowHelper.ThrowArgumentOutOfRange();
            nuint elementSize = sourceArray.m_pEEType->ComponentSize;
            byte* source = (byte*)Unsafe.AsPointer(ref sourceArray.GetRawData()) + (nuint)sourceIndex * elementSize;
            byte* destination = (byte*)Unsafe.AsPointer(ref destinationArray.GetRawData()) + (nuint)destinationIndex * elementSize;
            Buffer.Memmove(destination, source, (nuint)length * elementSize);
        }

        public static void Clear(Array array) => Clear(array, 0, array.Length);

        public static unsafe void Clear(Array array, int index, int length)
        {
            if (array is null) ThrowHelper.ThrowArgumentNull();
            if (index < 0 || length < 0 || index > array.Length - length) ThrowHelper.ThrowArgumentOutOfRange();
            nuint elementSize = array.m_pEEType->ComponentSize;
            byte* start = (byte*)Unsafe.AsPointer(ref array.GetRawData()) + (nuint)index * elementSize;
            Buffer.Clear(start, (nuint)length * elementSize);
        }

        public static T[] Empty<T>() => EmptyArray<T>.Value;

        internal ref byte GetRawData() => ref Unsafe.As<int, byte>(ref Unsafe.Add(ref _numComponents, 2));

        private static class EmptyArray<T>
        {
            internal static readonly T[] Value = new T[0];
        }
    }

    // ilc gives every T[] this type's interface implementations.
    internal class Array<T> : Array
    {
    }
}
