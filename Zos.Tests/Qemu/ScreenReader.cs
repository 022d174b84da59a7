using Zos.Build;
using Zos.Kernel.Screen;

namespace Zos.Tests.Qemu;

// Reads text back from a picture of the screen, as a person would: each
// 8x16 cell is compared with the glyphs of the font the kernel draws with
// (iso/zos.psf, the same file), in whichever of its two colours is the ink.
// A cell with the cursor (its last two rows lit) is read as its glyph.
public sealed class ScreenReader
{
    private const int CursorRows = 2;
    private readonly PsfFont _font;
    private readonly Dictionary<string, char> _glyphs = [];
    private readonly Dictionary<string, char> _glyphsAboveCursor = [];

    public ScreenReader(PsfFont font)
    {
        _font = font;
        // Printable ASCII first, so that a glyph several characters share reads as the ASCII one.
        for (int c = 0x7E; c >= 0x20; c--)
        {
            int glyph = font.GlyphIndex((char)c);
            _glyphs[Key(y => font.Row(glyph, y), font.Height)] = (char)c;
            _glyphsAboveCursor[Key(y => font.Row(glyph, y), font.Height - CursorRows)] = (char)c;
        }
    }

    public static ScreenReader ForTheImage()
    {
        string file = new RepositoryLayout(RepositoryLayout.FindRoot(TestContext.CurrentContext.TestDirectory), "Debug").FontFile;
        if (!File.Exists(file)) Assert.Fail($"{file} is missing: build the solution first");
        if (!PsfFont.TryParse(File.ReadAllBytes(file), out var font, out string error)) Assert.Fail($"{file}: {error}");
        return new ScreenReader(font);
    }

    public int CellWidth => _font.Width;
    public int CellHeight => _font.Height;

    // The text of every row, trailing blanks trimmed; '\uFFFD' for a cell that matches no glyph.
    public ScreenText Read(PpmImage image)
    {
        int columns = image.Width / _font.Width, rows = image.Height / _font.Height;
        var text = new string[rows];
        var ink = new int[rows, columns];
        for (int row = 0; row < rows; row++)
        {
            var line = new char[columns];
            for (int column = 0; column < columns; column++) line[column] = ReadCell(image, row, column, out ink[row, column]);
            text[row] = new string(line).TrimEnd();
        }
        return new ScreenText(text, ink);
    }

    private char ReadCell(PpmImage image, int row, int column, out int ink)
    {
        int x0 = column * _font.Width, y0 = row * _font.Height;
        var colors = new HashSet<int>();
        for (int y = 0; y < _font.Height; y++)
            for (int x = 0; x < _font.Width; x++) colors.Add(image[x0 + x, y0 + y]);
        ink = -1;
        if (colors.Count == 1) return ' ';
        if (colors.Count > 2) return '\uFFFD';
        foreach (int color in colors)
        {
            string key = Key(y => InkRow(image, x0, y0 + y, color), _font.Height);
            if (_glyphs.TryGetValue(key, out char c) || CursorCell(image, x0, y0, color) && _glyphsAboveCursor.TryGetValue(Key(y => InkRow(image, x0, y0 + y, color), _font.Height - CursorRows), out c))
            {
                ink = color;
                return c;
            }
        }
        return '\uFFFD';
    }

    private bool CursorCell(PpmImage image, int x0, int y0, int color)
    {
        uint all = (1u << _font.Width) - 1;
        for (int y = _font.Height - CursorRows; y < _font.Height; y++)
            if (InkRow(image, x0, y0 + y, color) != all) return false;
        return true;
    }

    private uint InkRow(PpmImage image, int x0, int y, int color)
    {
        uint bits = 0;
        for (int x = 0; x < _font.Width; x++) bits = bits << 1 | (image[x0 + x, y] == color ? 1u : 0u);
        return bits;
    }

    private static string Key(Func<int, uint> row, int rows) => string.Join(",", Enumerable.Range(0, rows).Select(row));
}

// What a screen shows: its rows of text, and the colour (0xRRGGBB) each character is drawn in.
public sealed class ScreenText(string[] rows, int[,] ink)
{
    public string[] Rows { get; } = rows;

    public int InkAt(int row, int column) => ink[row, column];

    public override string ToString() => string.Join("\n", Rows);

    // The row index where these lines appear one after another (each as long as fits a row:
    // longer lines wrap onto the rows after), searching from the bottom; -1 if they do not.
    public int FindLines(IEnumerable<string> lines)
    {
        int columns = ink.GetLength(1);
        var expected = lines.SelectMany(line => Wrap(line.TrimEnd(), columns)).ToList();
        for (int start = Rows.Length - expected.Count; start >= 0; start--)
            if (expected.Select((line, i) => Rows[start + i] == line).All(same => same)) return start;
        return -1;
    }

    private static IEnumerable<string> Wrap(string line, int columns)
    {
        if (line.Length == 0) yield return "";
        for (int at = 0; at < line.Length; at += columns) yield return line.Substring(at, Math.Min(columns, line.Length - at)).TrimEnd();
    }
}
