using System;
using System.Runtime.CompilerServices;
using Zos.Hal;

namespace Zos.Shell.Tools
{
    // Code that goes wrong on purpose, one way per kind, to see and test what
    // the kernel does about it: a panic report outside a fault domain,
    // containment inside one. Not inlined, so reports name these methods.
    public static unsafe class DeliberateFaults
    {
        public const string Kinds = "null|divide|opcode|index|cast|throw|overflow|hang|heap";

        private static int s_zero;
        private static byte[] s_kept;

        // null for an unknown kind.
        public static Action For(string kind) => kind switch
        {
            "null" => DereferenceNull,
            "divide" => DivideByZero,
            "opcode" => ExecuteInvalidOpcode,
            "index" => IndexOutOfRange,
            "cast" => InvalidCast,
            "throw" => ThrowUnhandled,
            "overflow" => OverflowStack,
            "hang" => Hang,
            "heap" => ExhaustHeap,
            _ => null,
        };

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void DereferenceNull()
        {
            int* pointer = null;
            *pointer = 42;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void DivideByZero() => s_zero = 7 / s_zero;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ExecuteInvalidOpcode() => Cpu.ExecuteInvalidOpcode();

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void IndexOutOfRange()
        {
            int[] numbers = new int[3];
            numbers[s_zero + 3] = 1;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void InvalidCast() => s_zero = ((string)NotAString()).Length;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ThrowUnhandled() => throw new InvalidOperationException("deliberate failure");

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void OverflowStack() => s_zero += Recurse(1);

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Hang()
        {
            while (true) s_zero = 0;
        }

        // Opaque to the compiler, so the cast above is really checked at run time.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static object NotAString() => new object[1];

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Recurse(int depth)
        {
            // A frame with some locals, so every level really uses stack.
            int* locals = stackalloc int[16];
            locals[depth & 15] = depth;
            return Recurse(depth + 1) + locals[depth & 15];
        }

        // One array larger than the whole kernel heap, kept (so the compiler cannot drop it).
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void ExhaustHeap() => s_kept = new byte[int.MaxValue - 64];
    }
}
