using System.Diagnostics;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>
/// Hostile command lines and spec files, each in a fresh working folder: every one is refused
/// before any silo starts with the documented exit code and exactly one line on stderr naming
/// the option or field, no stack trace anywhere, and no file written inside or outside the folder.
/// </summary>
public sealed class HostileInputTests
{
    private const string W1 = "{w1}";
    private const string Spec = "{spec}";
    private static readonly string Long = new('a', 129);

    /// <summary>Edits of examples/w1.json: one broken field each (the JSON text as a user would write it).</summary>
    private static readonly Dictionary<string, Func<string, string>> Edits = new()
    {
        ["surrogate-name"] = s => s.Replace("\"u1\"", "\"\\ud800\"", StringComparison.Ordinal),
        ["surrogate-low-name"] = s => s.Replace("\"u2\"", "\"x\\udc00y\"", StringComparison.Ordinal),
        ["surrogate-kernel"] = s => s.Replace("\"polynomialBump\"", "\"\\udbff\"", StringComparison.Ordinal),
        ["surrogate-property"] = s => s.Replace("\"eta\"", "\"\\ud800eta\"", StringComparison.Ordinal),
        ["enum"] = s => s.Replace("\"polynomialBump\"", "\"gaussianish\"", StringComparison.Ordinal),
        ["nan"] = s => s.Replace("\"eta\": 0.1", "\"eta\": \"NaN\"", StringComparison.Ordinal),
        ["infinity"] = s => s.Replace("\"sigma\": 0.5", "\"sigma\": \"Infinity\"", StringComparison.Ordinal),
        ["huge-integer"] = s => s.Replace("\"particles\": 1000", "\"particles\": 1e20", StringComparison.Ordinal),
        ["text-dimension"] = s => s.Replace("\"dimension\": 2", "\"dimension\": \"two\"", StringComparison.Ordinal),
        ["text-times"] = s => s.Replace("[0.0, 0.05, 0.1]", "\"soon\"", StringComparison.Ordinal),
        ["long-name"] = s => s.Replace("\"u1\"", $"\"{new string('n', 65)}\"", StringComparison.Ordinal),
        ["newline-name"] = s => s.Replace("\"u1\"", "\"u\\n1\"", StringComparison.Ordinal),
        ["not-json"] = s => s[..40],
    };

    public static TheoryData<string, string[], int, string> Cases() => new()
    {
        // Job ids: the grammar, for run/submit --job and for every command's JOB.
        { "empty --job", ["run", W1, "--job", ""], 2, "--job: 1 to 128 characters" },
        { "../../x", ["run", W1, "--job", "../../x"], 2, "--job" },
        { "absolute", ["run", W1, "--job", "/tmp/ensemble-abs"], 2, "--job" },
        { "dot dot", ["run", W1, "--job", ".."], 2, "--job" },
        { "dot", ["run", W1, "--job", "."], 2, "--job" },
        { "slash", ["run", W1, "--job", "/"], 2, "--job" },
        { "newline", ["run", W1, "--job", "a\nb"], 2, "\"a\\u000ab\"" },
        { "leading dash", ["run", W1, "--job=-x"], 2, "--job" },
        { "129 chars", ["run", W1, "--job", Long], 2, "(129 characters)" },
        { "space", ["submit", W1, "--job", "a b", "--gateway-port", "1"], 2, "--job" },
        { "status ../x", ["status", "../x"], 2, "JOB" },
        { "watch empty", ["watch", ""], 2, "JOB" },
        { "results abs", ["results", "/etc"], 2, "JOB" },
        { "cancel newline", ["cancel", "x\ny"], 2, "JOB" },
        { "rerun ../..", ["rerun", "../../x", "--seed", "0"], 2, "JOB" },
        // Numbers and ports: the range in words, never a .NET type.
        { "port 70000", ["status", "x", "--gateway-port", "70000"], 2, "--gateway-port: an integer from 1 to 65535" },
        { "port 0", ["list", "--gateway-port", "0"], 2, "--gateway-port" },
        { "port text", ["status", "x", "--gateway-port", "http"], 2, "--gateway-port" },
        { "replay seeds -1", ["report", "x", "--replay-seeds", "-1"], 2, "--replay-seeds: an integer from 0 to 1024" },
        { "replay seeds huge", ["report", "x", "--replay-seeds", "1e9"], 2, "--replay-seeds: an integer from 0 to 1024" },
        { "format xml", ["results", "x", "--format", "xml"], 2, "--format: one of table, csv, json, found \"xml\"" },
        { "study format path", ["study", "results", "x", "--format", "../x"], 2, "--format: one of table, json, found \"../x\"" },
        { "study give up negative", ["study", W1, "--give-up-after", "-1s", "--gateway-port", "1"], 2, "--give-up-after: a duration" },
        { "R int max", ["run", W1, "-r", "2147483647"], 2, "--realisations: an integer from 1 to" },
        { "R 1e8", ["run", W1, "-r", "1e8"], 2, "--realisations" },
        { "R zero", ["run", W1, "-r", "0"], 2, "--realisations" },
        { "R past int", ["submit", W1, "-r", "99999999999999999999"], 2, "--realisations" },
        { "window 0", ["run", W1, "--max-in-flight", "0"], 2, "--max-in-flight" },
        { "workers 0", ["run", W1, "--workers", "0"], 2, "--workers" },
        { "rerun seed -1", ["rerun", "x", "--seed", "-1"], 2, "--seed: an integer from 0 to" },
        { "time NaN", ["results", "x", "--time", "NaN"], 2, "--time: a finite number" },
        // --out and --from: named, before any work.
        { "empty --out", ["run", W1, "--out", ""], 2, "--out: a folder path, found an empty value" },
        { "newline --out", ["run", W1, "--out", "a\nb"], 2, "--out" },
        { "--out is a file", ["run", W1, "--out", Spec], 2, "--out: a folder, found an existing file" },
        { "--out under a file", ["run", W1, "--out", Spec + "/sub"], 2, "--out: a folder path, but" },
        { "rerun --out is a folder", ["rerun", "x", "--seed", "0", "--out", "."], 2, "--out: a file path for the trajectory, found a directory" },
        { "rerun --out under a file", ["rerun", "x", "--seed", "0", "--out", Spec + "/t.csv"], 2, "--out: a folder, found an existing file" },
        { "rerun empty --out", ["rerun", "x", "--seed", "0", "--out", ""], 2, "--out" },
        { "rerun empty --from", ["rerun", "x", "--seed", "0", "--from", ""], 2, "--from" },
        // Commands.
        { "unknown command", ["frob"], 2, "unknown command 'frob'; commands: run, submit" },
        // Spec files: what is not a regular file of at most 1 MiB is refused before reading.
        { "directory", ["run", "."], 2, "found a directory" },
        { "missing", ["run", "no-such.json"], 2, "not found" },
        { "/dev/zero", ["run", "/dev/zero"], 2, "a regular, non-empty JSON file" },
        { "fifo", ["run", "{fifo}"], 2, "a regular, non-empty JSON file" },
        { "empty file", ["run", "{empty}"], 2, "SPEC" },
        { "over 1 MiB", ["run", "{big}"], 2, "at most 1048576 bytes" },
        { "not UTF-8", ["run", "{latin1}"], 2, "UTF-8" },
        // Spec fields.
        { "lone surrogate in a name", ["run", "{surrogate-name}"], 2, "model.species[0].name: text of whole Unicode characters" },
        { "lone low surrogate", ["run", "{surrogate-low-name}"], 2, "model.species[1].name" },
        { "lone surrogate in an enum", ["submit", "{surrogate-kernel}", "--gateway-port", "1"], 2, "model.kernel" },
        { "lone surrogate in a property name", ["run", "{surrogate-property}"], 2, "whole Unicode characters" },
        { "enum", ["run", "{enum}"], 2, "model.kernel: one of polynomialBump, smoothBump, found \"gaussianish\"" },
        { "NaN", ["run", "{nan}"], 2, "model.eta: a finite number, found \"NaN\"" },
        { "Infinity", ["run", "{infinity}"], 2, "model.species[0].sigma: a finite number" },
        { "1e20 particles", ["run", "{huge-integer}"], 2, "model.species[0].particles: an integer" },
        { "text dimension", ["run", "{text-dimension}"], 2, "model.dimension: an integer" },
        { "text times", ["run", "{text-times}"], 2, "time.outputTimes: an array of finite numbers" },
        { "65-character name", ["run", "{long-name}"], 2, "model.species[0].name: a name of 1 to 64 characters" },
        { "newline in a name", ["run", "{newline-name}"], 2, "model.species[0].name" },
        { "not JSON", ["run", "{not-json}"], 2, "invalid spec" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task IsRefusedWithOneLineNamingItAndWritesNothing(string name, string[] arguments, int exitCode, string naming)
    {
        using var cli = HostileCli.Create();
        string example = await File.ReadAllTextAsync(TestSpecs.ExamplePath("w1.json"), TestContext.Current.CancellationToken);
        var args = arguments.Select(a => a.StartsWith(Spec, StringComparison.Ordinal) ? Resolve(cli, Spec, example) + a[Spec.Length..]
            : Resolve(cli, a, example)).ToArray();
        var before = cli.Tree();

        var outcome = await cli.RunAsync(args);

        HostileCli.AssertOneLineRefusal(outcome, exitCode, naming);
        Assert.True(before.SequenceEqual(cli.Tree()), $"{name}: files were written: {string.Join(", ", cli.Tree().Except(before))}");
    }

    [Fact]
    public async Task VerboseAddsTheDetailsAfterTheOneLine()
    {
        using var cli = HostileCli.Create();
        var outcome = await cli.RunAsync("run", "/dev/zero", "--verbose");
        Assert.Equal(2, outcome.ExitCode);
        string[] lines = outcome.Error.TrimEnd().Split('\n');
        Assert.StartsWith("error: invalid option SPEC: a regular, non-empty JSON file", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines.Skip(1), l => l.Contains("EnsembleException", StringComparison.Ordinal));
        Assert.Contains(lines.Skip(1), l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    private static string Resolve(HostileCli cli, string argument, string example)
    {
        switch (argument)
        {
            case W1: return TestSpecs.ExamplePath("w1.json");
            case Spec: return cli.File("spec.json", example);
            case "{empty}": return cli.File("empty.json", "");
            case "{big}": return cli.File("big.json", example + new string(' ', 1 << 20));
            case "{latin1}":
                string path = cli.File("latin1.json", "");
                File.WriteAllBytes(path, [.. "{\"model\": \""u8, 0xE9, 0xFF, .. "\"}"u8]);
                return path;
            case "{fifo}":
                string fifo = Path.Combine(cli.Work, "spec.fifo");
                using (var mkfifo = Process.Start("mkfifo", [fifo])) mkfifo.WaitForExit();
                return fifo;
        }
        if (argument.Length > 2 && argument[0] == '{' && Edits.TryGetValue(argument[1..^1], out var edit))
        {
            string edited = edit(example);
            Assert.NotEqual(example, edited);
            return cli.File(argument[1..^1] + ".json", edited);
        }
        return argument;
    }
}
