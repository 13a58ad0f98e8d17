using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// <c>vs-c</c>: W1 against the plain-C speed anchor (<c>shared/anchors/w1.c</c>, cell lists, gcc -O3 -march=native
/// -ffast-math) side by side, each in its own process pinned to one core with <c>taskset</c>, so the JIT and GC of ours
/// share that core as in a one-CPU container. Ours is this program's <c>w1</c> command as a child process (steady-state
/// warm-up, then timed realisations). Per N and round: one C run (its <c>-r</c> realisations), then one of ours; the
/// table gives medians over rounds and the median of the per-round ratios. C times only its step loop; ours times whole
/// realisations (initial draw and observables included). Without gcc only ours is measured.
/// </summary>
public static partial class CReferenceComparison
{
    public static Command Command()
    {
        var sizes = new Option<int[]>("--n")
        {
            Description = "particles per species", DefaultValueFactory = _ => [1000, 4000, 16000], AllowMultipleArgumentsPerToken = true,
        };
        var rounds = new Option<int>("--rounds") { Description = "alternating C / ours rounds per N", DefaultValueFactory = _ => 3 };
        var repetitions = new Option<int?>("--repetitions") { Description = "timed realisations of ours per round (default: 5, or more for small N)" };
        var cRealisations = new Option<int>("--c-realisations") { Description = "realisations per C run (-r)", DefaultValueFactory = _ => 3 };
        var core = new Option<int>("--core")
        {
            Description = "the core both sides are pinned to", DefaultValueFactory = _ => Environment.ProcessorCount > 1 ? 1 : 0,
        };
        var anchors = new Option<string?>("--anchors")
        {
            Description = "folder holding w1.c and its Makefile (default: shared/anchors found above this folder)",
        };
        var command = new Command("vs-c", "W1 against the C reference at N = 1000, 4000, 16000 per species, each pinned to one core: ours/C")
        {
            sizes, rounds, repetitions, cRealisations, core, anchors,
        };
        command.SetAction(r => Print(r.GetValue(sizes)!, r.GetValue(rounds), r.GetValue(repetitions), r.GetValue(cRealisations), r.GetValue(core),
            r.GetValue(anchors)));
        return command;
    }

    private static int Print(int[] sizes, int rounds, int? repetitions, int cRealisations, int core, string? anchorFolder)
    {
        if (sizes.Length == 0 || sizes.Any(n => n < 2)) throw new ArgumentException("--n: particle counts of at least 2 expected");
        if (rounds < 1 || repetitions < 1 || cRealisations < 1) throw new ArgumentException("--rounds, --repetitions, --c-realisations: at least 1 expected");
        bool pinned = Runs("taskset", "--version");
        Console.WriteLine($"machine: {CpuModel()}, {Environment.ProcessorCount} CPUs; " +
            (pinned ? $"each side pinned to core {core} (taskset -c {core})" : "taskset not found: NOT pinned"));
        string? reference = BuildReference(anchorFolder);
        try
        {
            Table(sizes, rounds, repetitions, cRealisations, core, pinned, reference);
        }
        finally
        {
            if (reference is not null) Directory.Delete(Path.GetDirectoryName(reference)!, recursive: true);
        }
        return 0;
    }

    private static void Table(int[] sizes, int rounds, int? repetitions, int cRealisations, int core, bool pinned, string? reference)
    {
        var rows = new List<string>();
        Console.WriteLine("N/species  C particle-steps/s (spread)  ours particle-steps/s (spread)  ours/C (min-max over rounds)");
        foreach (int n in sizes)
        {
            var c = new List<double>();
            var ours = new List<double>();
            var ratios = new List<double>();
            for (int round = 0; round < rounds; round++)
            {
                double? cRate = reference is null ? null : RunReference(reference, n, cRealisations, pinned, core);
                double oursRate = RunOurs(n, repetitions ?? Math.Max(5, 32_000 / n - 1), pinned, core);
                ours.Add(oursRate);
                if (cRate is { } rate)
                {
                    c.Add(rate);
                    ratios.Add(oursRate / rate);
                }
            }
            string cColumn = c.Count == 0 ? "-" : $"{Median(c):E2} ({Spread(c):P0})";
            string ratioColumn = ratios.Count == 0 ? "-" : $"{Median(ratios):F2} ({ratios.Min():F2}-{ratios.Max():F2})";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n,9}  {cColumn,27}  {$"{Median(ours):E2} ({Spread(ours):P0})",30}  {ratioColumn}"));
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"N={n} c={(c.Count == 0 ? "-" : Median(c).ToString("F0", CultureInfo.InvariantCulture))} ours={Median(ours):F0}" +
                $" ratio={(ratios.Count == 0 ? "-" : Median(ratios).ToString("F3", CultureInfo.InvariantCulture))}"));
        }
        Console.WriteLine("vs-c " + string.Join(" ", rows));
    }

    /// <summary>Builds w1_fast from a copy of the anchor folder (shared/ is read-only); null, with the reason printed, if it cannot.</summary>
    private static string? BuildReference(string? anchorFolder)
    {
        if (!Runs("gcc", "--version"))
        {
            Console.WriteLine("gcc not found: the C reference is not built; ours only");
            return null;
        }
        string? folder = anchorFolder ?? FindAnchors();
        if (folder is null || !File.Exists(Path.Combine(folder, "w1.c")))
        {
            Console.WriteLine($"w1.c not found ({folder ?? "no shared/anchors above " + Environment.CurrentDirectory}): ours only; pass --anchors");
            return null;
        }
        string build = Path.Combine(Path.GetTempPath(), $"ensemble-w1c-{Guid.NewGuid():N}");
        Directory.CreateDirectory(build);
        File.Copy(Path.Combine(folder, "w1.c"), Path.Combine(build, "w1.c"));
        string binary = Path.Combine(build, "w1_fast");
        // The Makefile's rule for w1_fast, when make is there; its flags otherwise.
        bool built = File.Exists(Path.Combine(folder, "Makefile")) && Runs("make", "--version")
            ? CopyAndMake(folder, build, binary)
            : Run("gcc", ["-O3", "-march=native", "-std=c11", "-ffast-math", "-o", binary, Path.Combine(build, "w1.c"), "-lm"]).ExitCode == 0;
        if (!built || !File.Exists(binary))
        {
            Console.WriteLine($"building the C reference failed: ours only");
            Directory.Delete(build, recursive: true);
            return null;
        }
        Console.WriteLine($"C reference: {binary} (built from {folder} with gcc -O3 -march=native -ffast-math)");
        return binary;
    }

    private static bool CopyAndMake(string folder, string build, string binary)
    {
        File.Copy(Path.Combine(folder, "Makefile"), Path.Combine(build, "Makefile"));
        return Run("make", ["-C", build, $"BUILD={build}", binary]).ExitCode == 0;
    }

    private static string? FindAnchors()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "anchors");
            if (File.Exists(Path.Combine(candidate, "w1.c"))) return candidate;
        }
        return null;
    }

    private static double RunReference(string binary, int n, int realisations, bool pinned, int core)
    {
        string[] args = ["-m", "cell", "-N", n.ToString(CultureInfo.InvariantCulture), "-r", realisations.ToString(CultureInfo.InvariantCulture)];
        var (exit, output) = pinned ? Run("taskset", ["-c", core.ToString(CultureInfo.InvariantCulture), binary, .. args]) : Run(binary, args);
        var match = CRate().Match(output);
        if (exit != 0 || !match.Success) throw new InvalidOperationException($"the C reference failed (exit {exit}): {output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>This program's w1 command in a child process, so the whole process (JIT and GC threads too) is pinned.</summary>
    private static double RunOurs(int n, int repetitions, bool pinned, int core)
    {
        string self = Environment.ProcessPath ?? "dotnet";
        var command = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") command.Add(typeof(CReferenceComparison).Assembly.Location);
        command.AddRange(["w1", "--n", n.ToString(CultureInfo.InvariantCulture), "--repetitions", repetitions.ToString(CultureInfo.InvariantCulture),
            "--no-pairs"]);
        var (exit, output) = pinned ? Run("taskset", ["-c", core.ToString(CultureInfo.InvariantCulture), self, .. command]) : Run(self, command);
        var match = OursRate().Match(output);
        if (exit != 0 || !match.Success) throw new InvalidOperationException($"our w1 failed (exit {exit}): {output}");
        if (output.Contains("not settled", StringComparison.Ordinal)) Console.WriteLine($"  (N = {n}: our warm-up did not settle within 2%)");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static bool Runs(string program, string argument)
    {
        try
        {
            return Run(program, [argument]).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Spread(List<double> values) => (values.Max() - values.Min()) / Median(values);

    [GeneratedRegex(@"([0-9.]+(?:e[+-]?[0-9]+)?) particle-steps/s")]
    private static partial Regex CRate();

    [GeneratedRegex(@"particle-steps/s=([0-9.]+)")]
    private static partial Regex OursRate();
}
