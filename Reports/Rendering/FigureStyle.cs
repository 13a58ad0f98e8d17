using ScottPlot;

namespace Ensemble.Reports.Rendering;

/// <summary>
/// One look for every figure: 1200 px wide, DejaVu Sans (ScottPlot falls back to a serif face otherwise, and
/// draws no text at all without fonts: see TOOLCHAIN.md), text sizes readable at that width.
/// </summary>
public static class FigureStyle
{
    public const int Width = 1200;
    public const int Height = 800;

    /// <summary>The height of a row of side-by-side heat maps.</summary>
    public const int PanelRowHeight = 460;

    public const float TitleSize = 26, LabelSize = 22, TickSize = 18, LegendSize = 17;

    private static readonly Lock Gate = new();
    private static bool _fontsSet;

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        UseSansFont();
        var plot = new Plot();
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plot.Legend.FontSize = LegendSize;
        return plot;
    }

    public static void ShowLegend(Plot plot, Alignment where = Alignment.UpperRight)
    {
        plot.ShowLegend(where);
        plot.Legend.FontSize = LegendSize;
    }

    public static void UseSansFont()
    {
        lock (Gate)
        {
            if (_fontsSet) return;
            Fonts.Default = "DejaVu Sans";
            _fontsSet = true;
        }
    }

    /// <summary>A colour of the palette, the same one for species or series k in every figure.</summary>
    public static Color Series(int k) => new ScottPlot.Palettes.Category10().GetColor(k);

    /// <summary>Writes <paramref name="plot"/> to <paramref name="path"/> as a PNG, under a temporary name first.</summary>
    public static void Save(Plot plot, string path, int height = Height)
    {
        string temporary = path + ".tmp.png";
        plot.SavePng(temporary, Width, height);
        File.Move(temporary, path, overwrite: true);
    }

    public static void Save(Multiplot plots, string path, int height)
    {
        string temporary = path + ".tmp.png";
        plots.SavePng(temporary, Width, height);
        File.Move(temporary, path, overwrite: true);
    }
}
