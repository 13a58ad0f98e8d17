using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Specs;
using Xunit;

namespace Ensemble.Tests.Limits.Pde;

/// <summary>
/// Every solver keeps each species' mass and sign, in d = 1 and 2. Tolerance 1e-12 relative for the mass: the
/// scheme is in flux form (what leaves a cell enters its neighbour) and each Thomas solve preserves column sums,
/// so only rounding drifts it, about 1e-16 per operation over ~1e4 operations per cell here. Positivity is exact
/// (>= 0, no tolerance): every update adds nonnegative terms under the step's limits.
/// </summary>
public sealed class ConservationTests(ITestOutputHelper output)
{
    public static TheoryData<string, LimitEquation, int> Cases()
    {
        var data = new TheoryData<string, LimitEquation, int>();
        foreach (string model in new[] { "pairwise", "pressure" })
        foreach (var equation in Enum.GetValues<LimitEquation>())
        for (int d = 1; d <= 2; d++)
            data.Add(model, equation, d);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MassIsConservedAndDensitiesStayNonnegative(string model, LimitEquation equation, int dimension)
    {
        double h = dimension == 1 ? 0.02 : 0.05;
        var spec = model == "pairwise"
            ? PdeTestProblems.PairwiseLimit(dimension, [[1.0, 2.0], [2.0, 1.0]], h, steps: 30, dt: 2e-3)
            : PdeTestProblems.PressureLimit(dimension, h, steps: 30, dt: 2e-3);
        var solution = LimitSolver.Solve(spec, equation, keepVelocities: false);
        var d = solution.Diagnostics;
        output.WriteLine($"{model} {equation} d={dimension}: {d}");
        Assert.True(d.MassDrift <= 1e-12, $"mass drift {d.MassDrift}");
        Assert.True(d.MinimumDensity >= 0.0, $"minimum density {d.MinimumDensity}");
        foreach (var snapshot in solution.Snapshots)
            foreach (double[] density in snapshot.Density)
            {
                Assert.All(density, v => Assert.True(v >= 0.0));
                Assert.Equal(1.0, DensityMoments.Of(solution.Grid, density).Mass, 1e-12);
            }
        Assert.Equal(spec.Time.OutputSteps().Prepend(0), solution.Snapshots.Select(s => s.Step));
        Assert.True(d.Steps >= spec.Time.StepCount());
        double k = spec.Time.Dt / d.TimeStep;
        Assert.Equal(Math.Round(k), k, 9);
    }
}
