using System.Globalization;
using System.Text;

namespace Zos.Tests.Benchmarks.KvHost;

// The comparison's numbers: every round's value per (row, engine), and the
// table of medians with Zos's ratio to each other engine, as Markdown for
// docs/benchmarks.md. Rows keep the order they were first recorded in.
public sealed class KvComparisonTable(IReadOnlyList<string> engines)
{
    private readonly List<string> _rows = [];
    private readonly Dictionary<string, string> _better = [];
    private readonly Dictionary<(string Row, string Engine), List<double>> _values = [];

    // better: "higher" or "lower", printed beside the row's name.
    public void Add(string row, string better, string engine, double value)
    {
        if (!_better.ContainsKey(row))
        {
            _rows.Add(row);
            _better[row] = better;
        }
        if (!_values.TryGetValue((row, engine), out List<double>? list)) _values[(row, engine)] = list = [];
        list.Add(value);
    }

    public double? Median(string row, string engine)
    {
        if (!_values.TryGetValue((row, engine), out List<double>? list) || list.Count == 0) return null;
        var sorted = list.Order().ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public string ToMarkdown()
    {
        string first = engines[0];
        var others = engines.Skip(1).ToList();
        var text = new StringBuilder();
        text.AppendLine("| row | " + string.Join(" | ", engines) + " | " + string.Join(" | ", others.Select(o => $"{first}/{o}")) + " |");
        text.AppendLine("|---" + string.Concat(Enumerable.Repeat("|---:", engines.Count + others.Count)) + "|");
        foreach (string row in _rows)
        {
            double? ours = Median(row, first);
            var cells = engines.Select(e => Format(Median(row, e)));
            var ratios = others.Select(o => ours is double a && Median(row, o) is double b && b != 0 ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) : "—");
            text.AppendLine($"| {row} ({_better[row]} is better) | " + string.Join(" | ", cells) + " | " + string.Join(" | ", ratios) + " |");
        }
        return text.ToString();
    }

    // Every round's value, for judging the spread behind a median.
    public string Rounds()
    {
        var text = new StringBuilder();
        foreach (string row in _rows)
            foreach (string engine in engines)
                if (_values.TryGetValue((row, engine), out List<double>? list))
                    text.AppendLine($"{row} / {engine}: " + string.Join(", ", list.Select(v => Format(v))));
        return text.ToString();
    }

    private static string Format(double? value) => value switch
    {
        null => "—",
        >= 100 => value.Value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 10 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.00", CultureInfo.InvariantCulture),
    };
}
