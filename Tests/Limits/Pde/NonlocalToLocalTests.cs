using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Limits.Pde;

/// <summary>
/// As eta (model A) or eps (model B) shrinks, the nonlocal solution approaches the local one: grad V^eta * u -> a grad u
/// with an O(eta^2) error for these even kernels (V * u = a u + O(eta^2) Lap u). The L1 distance at T (summed over the
/// species) at eta = 0.2, 0.1, 0.05 on one grid (h = 0.005, so the smallest kernel spans 20 cells) must decrease; the
/// fitted rate is printed (the papers prove upper bounds of order eta^(1/2)..eta; the observed rate is a finding).
/// Asserted: strictly decreasing and a rate of at least 1.
/// </summary>
public sealed class NonlocalToLocalTests(ITestOutputHelper output)
{
    private static double Distance(SimulationSpec spec)
    {
        var local = LimitSolver.Solve(spec, LimitEquation.Local, false);
        var nonlocal = LimitSolver.Solve(spec, LimitEquation.Nonlocal, false);
        Assert.Equal(local.Grid.Cells, nonlocal.Grid.Cells);
        double sum = 0.0;
        for (int k = 0; k < local.Snapshots[^1].Density.Count; k++)
            sum += PdeTestProblems.L1(local.Grid, local.Snapshots[^1].Density[k], nonlocal.Snapshots[^1].Density[k]);
        return sum;
    }

    [Theory]
    [Trait(Slow.Category, Slow.Value)]
    [InlineData("pairwise")]
    [InlineData("pressure")]
    public void NonlocalSolutionApproachesTheLocalOne(string model)
    {
        double[] radii = [0.2, 0.1, 0.05];
        double[] distances = radii.Select(r =>
        {
            var spec = model == "pairwise"
                ? PdeTestProblems.PairwiseLimit(1, [[1.0, 0.5], [0.5, 1.0]], 0.005, eta: r, steps: 50, dt: 1e-3)
                : PdeTestProblems.PressureLimit(1, 0.005, eps: r, steps: 50, dt: 1e-3);
            // One box for both equations and all radii: the widest reach, fixed up front.
            spec = spec with { Limit = spec.Limit! with { Box = new LimitBoxSpec { Lower = [-3.5], Upper = [3.5] } } };
            return Distance(spec);
        }).ToArray();
        double rate = PdeTestProblems.Slope(radii, distances);
        output.WriteLine($"{model}: L1(nonlocal, local) at T = 0.05: {string.Join(", ", distances.Select(e => e.ToString("E3")))} "
            + $"at radius {string.Join(", ", radii)}; rate {rate:F3}");
        Assert.True(distances[0] > distances[1] && distances[1] > distances[2]);
        Assert.True(rate >= 1.0, $"rate {rate}");
    }
}
