using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Limits.Pde;

/// <summary>
/// Model A's (1) is solved only while [[sigma_i delta_ij + a_ij u_i]] keeps eigenvalues with positive real part: W1's
/// interaction (a = [[1, 2], [2, 1]], sigma 0.5; smallest eigenvalue about 0.11 where the species overlap) passes, a
/// stronger one stops with the named failure (time, place, eigenvalue) instead of returning a density.
/// </summary>
public sealed class ParabolicityTests
{
    [Fact]
    public void W1InteractionStaysParabolic()
    {
        var spec = SpecJson.Load(TestSpecs.ExamplePath("w1.json"));
        spec = spec with { Limit = new LimitSpec { CellSize = 0.05 } };
        var solution = LimitSolver.Solve(spec, LimitEquation.Local, false);
        Assert.Equal(spec.Time.OutputSteps().Append(0).Distinct().Count(), solution.Snapshots.Count);
    }

    [Theory]
    [InlineData(1, 8.0)]
    [InlineData(2, 8.0)]
    [InlineData(2, 2.6)]
    public void StrongInteractionFailsWithItsReason(int dimension, double cross)
    {
        var spec = PdeTestProblems.PairwiseLimit(dimension, [[1.0, cross], [cross, 1.0]], dimension == 1 ? 0.02 : 0.05);
        var failure = Assert.Throws<LimitFailureException>(() => LimitSolver.Solve(spec, LimitEquation.Local, false));
        Assert.Equal(LimitEquation.Local, failure.Equation);
        Assert.Contains("loses parabolicity at t = 0", failure.Message);
        Assert.Contains("x = (", failure.Message);
        Assert.Contains("has the eigenvalue -", failure.Message);
        // The nonlocal system (4) has no such condition and is solved.
        Assert.NotNull(LimitSolver.Solve(spec, LimitEquation.Nonlocal, false));
    }

    /// <summary>Three species take the general path (Gershgorin, then the eigenvalues by Durand–Kerner).</summary>
    [Fact]
    public void ThreeSpeciesCheckUsesTheEigenvalues()
    {
        var weak = PdeTestProblems.PairwiseLimit(1, TestSpecs.Matrix(3, 0.3), 0.02, steps: 5);
        Assert.NotNull(LimitSolver.Solve(weak, LimitEquation.Local, false));
        var strong = PdeTestProblems.PairwiseLimit(1, [[1.0, 6.0, 0.0], [6.0, 1.0, 6.0], [0.0, 6.0, 1.0]], 0.02, steps: 5);
        var failure = Assert.Throws<LimitFailureException>(() => LimitSolver.Solve(strong, LimitEquation.Local, false));
        Assert.Contains("loses parabolicity", failure.Message);
    }
}
