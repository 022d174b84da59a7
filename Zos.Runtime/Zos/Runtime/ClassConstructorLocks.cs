using System.Runtime.CompilerServices;

namespace Zos.Runtime
{
    // Which class constructors are running, and by whom. This is the one place
    // where cross-thread waiting belongs: when threads exist, TryEnter must block
    // while another thread runs the same constructor (and detect cycles between
    // threads, returning false to break a deadlock as ECMA-335 allows). Today there
    // is one thread, so a constructor already in progress is always our own recursion.
    internal static unsafe class ClassConstructorLocks
    {
        // Nesting depth of constructors that touch other types' statics; deeper is a bug.
        private const int MaxNesting = 64;

        private static InProgressList s_inProgress;
        private static int s_count;

        private struct InProgressList
        {
            public fixed long Contexts[MaxNesting];
        }

        // False when the current thread is already running this constructor.
        public static bool TryEnter(StaticClassConstructionContext* context)
        {
            for (int i = 0; i < s_count; i++)
                if (s_inProgress.Contexts[i] == (long)context) return false;
            if (s_count == MaxNesting)
                RuntimeFailure.Fail(FailureKind.UnhandledException, "class constructors nested too deeply");
            s_inProgress.Contexts[s_count++] = (long)context;
            return true;
        }

        // Constructors finish in the reverse order they started on one thread.
        public static void Exit(StaticClassConstructionContext* context)
        {
            if (s_count == 0 || s_inProgress.Contexts[s_count - 1] != (long)context)
                RuntimeFailure.Fail(FailureKind.UnhandledException, "class constructors finished out of order");
            s_count--;
        }
    }
}
