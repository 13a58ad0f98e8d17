using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>
/// The same binary gives the same bits whether the JIT compiled the numerics quickly (tier 0,
/// as early realisations of a job run) or fully optimised them: a job's records, made while the
/// silo warmed up, are rerun in fresh processes forced to either extreme.
/// </summary>
[Trait(Slow.Category, Slow.Value)]
public sealed class JitIndependenceTests
{
    public static TheoryData<string> Specs() =>
    [
        "w1",
        SpecJson.Serialize(TestSpecs.Wrap(TestSpecs.Pressure(1, 150, 3.0) with { Drift = new PressureDriftSpec { GridResolution = 4 } }, steps: 20)),
        SpecJson.Serialize(TestSpecs.Pairwise(3, 120, [[1.0, -0.5], [-0.5, 2.0]], eta: 0.5, steps: 20, kernel: KernelShape.SmoothBump)),
    ];

    [Theory]
    [MemberData(nameof(Specs))]
    public async Task RecordsMadeWhileWarmingUpReproduceUnderMinimalAndFullOptimisation(string spec)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"ensemble-jit-{Guid.NewGuid():N}");
        string specPath = spec == "w1" ? TestSpecs.ExamplePath("w1.json") : Path.Combine(folder, "spec.json");
        Directory.CreateDirectory(folder);
        try
        {
            if (spec != "w1") await File.WriteAllTextAsync(specPath, spec, TestContext.Current.CancellationToken);
            var run = await ClientProcess.RunAsync("run", specPath, "--realisations", "4", "--job", "jit", "--out", folder);
            Assert.True(run.ExitCode == 0, run.Output + run.Error);

            var modes = new Dictionary<string, string>[] { new() { ["DOTNET_JITMinOpts"] = "1" }, new() { ["DOTNET_TieredCompilation"] = "0" } };
            for (int seed = 0; seed < 4; seed++)
            {
                var mode = modes[seed % 2];
                var rerun = await ClientProcess.RunAsync(mode, "rerun", "jit", "--seed", seed.ToString(), "--from", folder,
                    "--out", Path.Combine(folder, $"rerun-{seed}.csv"));
                Assert.True(rerun.ExitCode == 0, $"{string.Join(",", mode.Keys)} seed {seed}: {rerun.Output}{rerun.Error}");
                Assert.Contains("reproduced: checksum", rerun.Output);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
