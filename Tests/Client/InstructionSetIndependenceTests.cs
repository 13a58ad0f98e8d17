using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Client;

/// <summary>
/// A realisation is a pure function of (spec, seed, index) on every x64 CPU: a job recorded with
/// the machine's full instruction set is rerun in fresh processes restricted to less of it
/// (no AVX-512, no AVX2, no hardware intrinsics at all, where Vector256 is emulated in software),
/// and every rerun must reproduce the recorded checksum. Before the fixed-bit log and exp
/// (Simulation/Numerics), the runtime's Vector256.Log and Vector256.Exp made each of these differ.
/// </summary>
[Trait(Slow.Category, Slow.Value)]
public sealed class InstructionSetIndependenceTests
{
    private static readonly Dictionary<string, string>[] Restrictions =
    [
        new() { ["DOTNET_EnableAVX512F"] = "0" },
        new() { ["DOTNET_EnableAVX2"] = "0" },
        new() { ["DOTNET_EnableHWIntrinsic"] = "0" },
    ];

    public static TheoryData<string> Specs() =>
    [
        // W1 as shipped: model A in 2-D, polynomial bump, cos/sin/Gaussian test functions.
        "w1",
        // W2's model (1-D pressure, m = 3, smooth bump on the grid), cut to 50 steps so the
        // software-emulated rerun stays within seconds.
        "w2",
        // 1-D model A with the smooth bump (the vector exp in the pairwise kernel).
        SpecJson.Serialize(TestSpecs.Pairwise(1, 200, [[1.0, -0.5], [-0.5, 2.0]], eta: 0.3, steps: 30, kernel: KernelShape.SmoothBump)),
        // 3-D model A, each pair evaluated once with four later rows of cells, and kernel shapes that differ between the two
        // directions of a species pair (evaluated in both shapes' passes).
        SpecJson.Serialize(AsymmetricShapes(TestSpecs.Pairwise(3, 400, [[1.0, -0.5], [0.8, 2.0]], eta: 0.3, steps: 10))),
        // 3-D model B with a fractional exponent (the fixed-bit power of the density) on the grid.
        SpecJson.Serialize(TestSpecs.Wrap(TestSpecs.Pressure(3, 60, 2.5, eps: 0.3, resolution: 3), steps: 8)),
    ];

    private static SimulationSpec AsymmetricShapes(SimulationSpec spec) => spec with
    {
        Model = ((PairwiseModelSpec)spec.Model) with
        {
            Kernels = [[KernelShape.PolynomialBump, KernelShape.SmoothBump], [KernelShape.PolynomialBump, KernelShape.SmoothBump]],
        },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public async Task RecordsReproduceWithoutAvx512WithoutAvx2AndWithoutHardwareIntrinsics(string spec)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"ensemble-isa-{Guid.NewGuid():N}");
        string specPath = spec == "w1" ? TestSpecs.ExamplePath("w1.json") : Path.Combine(folder, "spec.json");
        Directory.CreateDirectory(folder);
        try
        {
            if (spec == "w2")
            {
                var w2 = SpecJson.Load(TestSpecs.ExamplePath("w2.json"));
                w2 = w2 with { Time = w2.Time with { Horizon = 0.05, OutputTimes = [0.0, 0.05] } };
                await File.WriteAllTextAsync(specPath, SpecJson.Serialize(w2), TestContext.Current.CancellationToken);
            }
            else if (spec != "w1") await File.WriteAllTextAsync(specPath, spec, TestContext.Current.CancellationToken);
            var run = await ClientProcess.RunAsync("run", specPath, "--realisations", "4", "--job", "isa", "--out", folder);
            Assert.True(run.ExitCode == 0, run.Output + run.Error);

            for (int r = 0; r < Restrictions.Length; r++)
            {
                // A different recorded seed under each restriction: three processes, not twelve.
                var restriction = Restrictions[r];
                int seed = r + 1;
                var rerun = await ClientProcess.RunAsync(restriction, "rerun", "isa", "--seed", seed.ToString(), "--from", folder,
                    "--out", Path.Combine(folder, $"rerun-{seed}.csv"));
                string setting = string.Join(",", restriction.Select(e => $"{e.Key}={e.Value}"));
                Assert.True(rerun.ExitCode == 0, $"{setting} seed {seed}: {rerun.Output}{rerun.Error}");
                Assert.Contains("reproduced: checksum", rerun.Output);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
