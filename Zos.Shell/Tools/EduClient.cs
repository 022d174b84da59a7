using Zos.Drivers.Edu;
using Zos.Hal.Drivers;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Shell.Tools
{
    // The kernel's client of the edu driver's protocol, for the shell: one
    // request at a time on the running incarnation's channel. Used by one
    // thread (the shell): the channel has one producer.
    public static class EduClient
    {
        public const int AnswerTimeoutMilliseconds = 5000;
        // Past this, an unanswered request makes the supervisor count the driver as hung.
        public const int RequestDeadlineMilliseconds = 3000;

        private static int s_nextTag = 1;

        // Sends a request and waits for its answer; null, or why there is none.
        public static string Call(DriverInstance instance, EduOperation operation, ulong argument, out EduCompletion completion)
        {
            completion = default;
            string error = Send(instance, operation, argument, out DriverIncarnation incarnation, out DriverChannel<EduRequest, EduCompletion> channel, out int tag);
            if (error is not null) return error;
            while (channel.WaitForCompletion(AnswerTimeoutMilliseconds))
            {
                if (!channel.TryTakeCompletion(out completion)) continue;
                if (completion.Tag != tag) continue;
                incarnation.RequestAnswered(tag);
                return completion.Error;
            }
            return "no answer from " + instance.Name + " within " + AnswerTimeoutMilliseconds.ToString() + " ms (state "
                + DriverLifecycle.Name(instance.Supervised.State) + ")";
        }

        private static string Send(DriverInstance instance, EduOperation operation, ulong argument, out DriverIncarnation incarnation,
            out DriverChannel<EduRequest, EduCompletion> channel, out int tag)
        {
            tag = s_nextTag++;
            incarnation = instance.Current;
            channel = incarnation?.Channel as DriverChannel<EduRequest, EduCompletion>;
            string notRunning = instance.WhyNotRunning();
            if (notRunning is not null) return notRunning;
            if (channel is null) return instance.Name + " does not speak the edu protocol";
            // Answers left over from requests that timed out.
            while (channel.TryTakeCompletion(out _)) { }
            if (!channel.TrySubmit(new EduRequest(tag, operation, argument))) return instance.Name + "'s request ring is full";
            incarnation.RequestStarted(tag, RequestDeadlineMilliseconds);
            return null;
        }
    }
}
