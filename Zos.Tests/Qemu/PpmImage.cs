namespace Zos.Tests.Qemu;

// A binary PPM (P6, 8 bits per channel) such as QEMU's screendump writes: pixels as 0xRRGGBB.
public sealed class PpmImage(int width, int height, int[] pixels)
{
    public int Width { get; } = width;
    public int Height { get; } = height;

    public int this[int x, int y] => pixels[y * Width + x];

    public static PpmImage Read(string file) => Parse(File.ReadAllBytes(file));

    public static PpmImage Parse(byte[] bytes)
    {
        int at = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)bytes[at]) || bytes[at] == '#')
                if (bytes[at] == '#') while (bytes[at] != '\n') at++;
                else at++;
            int start = at;
            while (!char.IsWhiteSpace((char)bytes[at])) at++;
            return System.Text.Encoding.ASCII.GetString(bytes, start, at - start);
        }
        if (Token() != "P6") throw new FormatException("not a binary PPM (P6)");
        int width = int.Parse(Token()), height = int.Parse(Token());
        if (Token() != "255") throw new FormatException("not 8 bits per channel");
        at++;                                              // the one whitespace byte before the pixels
        var pixels = new int[width * height];
        for (int i = 0; i < pixels.Length; i++, at += 3) pixels[i] = bytes[at] << 16 | bytes[at + 1] << 8 | bytes[at + 2];
        return new PpmImage(width, height, pixels);
    }
}
