namespace Ensemble.Reports.Writing;

/// <summary>One figure of a report: its file (relative to the report folder), a title, and the sentence saying what it shows.</summary>
public sealed record FigureEntry(string File, string Title, string Sentence);

/// <summary>
/// A report on disk: <c>report.md</c> and its figures under <c>figures/</c>. An older report's figures are removed
/// first, so every PNG in the folder is one the new report.md links; report.md is written last, under a temporary
/// name, so a folder with a report.md is a complete report.
/// </summary>
public sealed class ReportFolder
{
    public const string Markdown = "report.md";
    public const string Figures = "figures";

    public ReportFolder(string path)
    {
        Path = path;
        Directory.CreateDirectory(FiguresPath);
        foreach (string old in Directory.EnumerateFiles(FiguresPath, "*.png")) File.Delete(old);
    }

    public string Path { get; }

    public string FiguresPath => System.IO.Path.Combine(Path, Figures);

    public List<FigureEntry> Entries { get; } = [];

    /// <summary>Where to render figure <paramref name="name"/> (a file name made of safe characters), recorded with its sentence.</summary>
    public string Add(string name, string title, string sentence)
    {
        string file = Figures + "/" + name + ".png";
        Entries.Add(new FigureEntry(file, title, sentence));
        return System.IO.Path.Combine(Path, Figures, name + ".png");
    }

    public void WriteMarkdown(string text)
    {
        string target = System.IO.Path.Combine(Path, Markdown), temporary = target + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>A name usable in a file name: species and component names may hold any printable character.</summary>
    public static string Safe(string text) =>
        new(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
