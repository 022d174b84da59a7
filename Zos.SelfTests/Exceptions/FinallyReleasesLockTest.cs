using System;
using System.Runtime.CompilerServices;

namespace Zos.SelfTests.Exceptions
{
    // The lock pattern: acquire, try { work that throws } finally { release }.
    // The finally releases the lock before the catch runs, so the catch (and
    // the next user) can take it again.
    public sealed class FinallyReleasesLockTest : KernelTest
    {
        public override string Name => "exceptions.finally_releases_lock";

        public override string Run()
        {
            var guard = new FlagLock();
            string failure = null;
            for (int round = 0; round < 3 && failure is null; round++)
            {
                try
                {
                    WorkUnderLock(guard);
                    failure = "the work did not throw";
                }
                catch (InvalidOperationException)
                {
                    if (guard.Held) failure = "the lock is still held in the catch";
                    else if (!guard.TryAcquire()) failure = "the lock cannot be taken again";
                    else guard.Release();
                }
            }
            return failure
                ?? Expect(!guard.Held, "the lock is held at the end")
                ?? Expect(guard.Acquisitions == 6 && guard.Releases == 6,
                    "acquired " + guard.Acquisitions.ToString() + " times, released " + guard.Releases.ToString());
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void WorkUnderLock(FlagLock guard)
        {
            if (!guard.TryAcquire()) throw new InvalidOperationException("lock already held");
            try
            {
                Thrower.Throw(new InvalidOperationException("work failed"));
            }
            finally
            {
                guard.Release();
            }
        }
    }
}
