using System;
using System.Runtime.CompilerServices;

namespace Zos.SelfTests.Exceptions
{
    // Throws from its own frame so that the exception always crosses at least
    // one call (ilc cannot see through NoInlining).
    public static class Thrower
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Throw(Exception e) => throw e;

        // A stack address inside a fresh frame: equal between two calls made
        // from the same frame only if that frame's stack pointer is unchanged.
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static unsafe ulong StackMark()
        {
            int local = 0;
            return (ulong)&local;
        }
    }
}
