using Xunit;

namespace Ensemble.Tests.Architecture;

/// <summary>The layout rule of the .editorconfig that no compiler enforces: source lines fit in <see cref="MaxLineLength"/> characters.</summary>
public sealed class SourceLayoutTests
{
    public const int MaxLineLength = 160;

    [Fact]
    public void EverySourceLineFitsTheLimit()
    {
        string root = LayeringTests.RepositoryRoot();
        string[] skipped = [$"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"];
        var tooLong = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !skipped.Any(s => f.Contains(s, StringComparison.Ordinal)))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, line.Length)))
            .Where(x => x.Length > MaxLineLength)
            .ToArray();
        Assert.True(tooLong.Length == 0, $"{tooLong.Length} line(s) over {MaxLineLength} characters: " +
            string.Join(", ", tooLong.Take(20).Select(x => $"{x.File}:{x.Line} ({x.Length})")));
    }
}
