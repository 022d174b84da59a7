using Zos.Kernel;
using Zos.Kernel.KeyValue;
using Zos.Shell.Tools;

namespace Zos.Shell.Commands
{
    // The hash-chained commit log (docs/storage.md) in the store `kv open`
    // opened, under CommitLog.StandardPrefix: replayed and checked when the
    // store opens, each append durable, `log verify` naming the first record
    // whose link to the one before breaks.
    public sealed class LogCommand : ShellCommand
    {
        private const ulong DefaultShown = 10;
        private const ulong MaxShown = 1000;

        private readonly KeyValueSession _session;

        public LogCommand(KeyValueSession session) => _session = session;

        public override string Name => "log";
        public override string Usage => "log append <text>|show [n]|verify";
        public override string Summary => "the commit log in the open store: append a record, show the last n (10), verify the hash chain";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length == 0) return "log needs an operation";
            string error = _session.NoStore;
            if (error is not null) return error;
            CommitLog log = _session.Log;
            switch (arguments[0])
            {
                case "append": return log is null ? Broken() : Append(log, arguments, output);
                case "show": return log is null ? Broken() : Show(log, arguments, output);
                case "verify":
                    if (arguments.Length != 1) return "verify takes nothing";
                    if (log is null) return Broken();
                    error = log.Verify(out ulong records);
                    if (error is not null) return "the commit log breaks: " + error;
                    output.WriteLine("verified: " + records.ToString() + " records");
                    return null;
                default: return "unknown log operation '" + arguments[0] + "'";
            }
        }

        // The log did not open: the first broken record, as found when the store opened.
        private string Broken() => "the commit log breaks: " + _session.LogError;

        // The words after append, joined by single spaces, are the record.
        private static string Append(CommitLog log, string[] arguments, TextSink output)
        {
            if (arguments.Length < 2) return "append takes the text of a record";
            string text = arguments[1];
            for (int i = 2; i < arguments.Length; i++) text += " " + arguments[i];
            byte[] payload = ByteKeys.FromAscii(text);
            if (payload is null) return "the record has a character outside ASCII";
            ulong sequence = log.Append(payload, out string error);
            if (error is not null) return error;
            output.WriteLine("appended: record " + sequence.ToString());
            return null;
        }

        private static string Show(CommitLog log, string[] arguments, TextSink output)
        {
            ulong shown = DefaultShown;
            if (arguments.Length > 2) return "show takes at most a count";
            if (arguments.Length == 2 && (!DecimalArgument.TryParse(arguments[1], out shown) || shown == 0 || shown > MaxShown))
                return "show takes 1-" + MaxShown.ToString() + " records";
            ulong first = log.Count > shown ? log.Count - shown + 1 : 1;
            for (ulong sequence = first; sequence <= log.Count; sequence++)
            {
                string error = log.Read(sequence, out byte[] payload);
                if (error is not null) return error;
                output.WriteLine("record " + sequence.ToString() + ": " + ByteKeys.Describe(payload, payload.Length));
            }
            output.WriteLine("records: " + log.Count.ToString());
            return null;
        }
    }
}
