using SkiaSharp;
using Xunit;

namespace Ensemble.Tests.Reports;

/// <summary>Checks on a rendered figure: a real PNG (signature and IHDR), its size, and ink where the data and the text go.</summary>
internal static class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width and height from the IHDR chunk, after checking the signature.</summary>
    public static (int Width, int Height) Header(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path}: {bytes.Length} bytes is no PNG");
        Assert.Equal(Signature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BigEndian(bytes, 16), BigEndian(bytes, 20));
    }

    /// <summary>
    /// The fraction of pixels in the rectangle (fractions of the image) that are not the background (the top-left
    /// corner's colour): the data inside the plot area, or the title's text at the top.
    /// </summary>
    public static double Ink(string path, double left, double top, double right, double bottom)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        var background = bitmap.GetPixel(0, 0);
        int x0 = (int)(left * bitmap.Width), x1 = (int)(right * bitmap.Width), y0 = (int)(top * bitmap.Height), y1 = (int)(bottom * bitmap.Height);
        long inked = 0, all = 0;
        for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
        {
            all++;
            if (bitmap.GetPixel(x, y) != background) inked++;
        }
        return (double)inked / all;
    }

    /// <summary>Asserts the figure is a 1200-pixel-wide PNG of <paramref name="height"/>, with data in its plot area and a title.</summary>
    public static void AssertFigure(string path, int height)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        Assert.Equal((1200, height), Header(path));
        Assert.True(Ink(path, 0.25, 0.25, 0.75, 0.75) > 0.02, $"{path}: the plot area is (nearly) empty");
        // Text is drawn only when a font was found (ScottPlot draws none without fonts): the title band must have ink.
        Assert.True(Ink(path, 0.2, 0.0, 0.8, 0.05) > 0.005, $"{path}: no title text");
    }

    private static int BigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}
