using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Pde;
using Ensemble.Simulation.Specs;
using Xunit;

namespace Ensemble.Tests.Limits.Pde;

/// <summary>A PDE that cannot be solved as asked is a named failure, before any large allocation.</summary>
public sealed class LimitGuardTests
{
    [Fact]
    public void GridOverTheMemoryBudgetIsRefused()
    {
        var spec = PdeTestProblems.PairwiseLimit(2, [[1.0, 2.0], [2.0, 1.0]], 5e-4);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var failure = Assert.Throws<LimitFailureException>(() => LimitSolver.Solve(spec, LimitEquation.Nonlocal, keepVelocities: true));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.StartsWith("grid too large:", failure.Message);
        Assert.Contains("1024 MiB budget", failure.Message);
        Assert.True(allocated < 64L << 20, $"allocated {allocated:N0} bytes before refusing");
    }

    [Fact]
    public void GivenBoxTooSmallIsRefused()
    {
        var spec = PdeTestProblems.PairwiseLimit(1, [[1.0, 2.0], [2.0, 1.0]], 0.02);
        spec = spec with { Limit = spec.Limit! with { Box = new LimitBoxSpec { Lower = [-1.0], Upper = [1.0] } } };
        var failure = Assert.Throws<LimitFailureException>(() => LimitSolver.Solve(spec, LimitEquation.Nonlocal, false));
        Assert.StartsWith("box too small:", failure.Message);
        Assert.Contains("outermost layer", failure.Message);
    }

    [Fact]
    public void DerivedBoxKeepsTheWallLayerEmpty()
    {
        var spec = PdeTestProblems.PressureLimit(1, 0.01, steps: 50);
        var solution = LimitSolver.Solve(spec, LimitEquation.Local, false);
        Assert.InRange(solution.Diagnostics.MassAtBoundary, 0.0, 1e-6);
    }

    [Fact]
    public void NonFiniteDensityIsAFailureWithItsTime()
    {
        var grid = PdeTestProblems.Cube(1, 1.0, 0.1);
        var initial = new double[grid.CellCount];
        initial[10] = double.NaN;
        var problem = new PdeProblem
        {
            Equation = LimitEquation.Nonlocal,
            Grid = grid,
            Sigma = [0.5],
            Model = new PressureNonlocalVelocity(grid, [1.0], [0.0], 2.0, 0.2, Simulation.Kernels.KernelShape.SmoothBump),
            Initial = [initial],
            Dt = 0.01,
            Steps = 3,
            OutputSteps = [3],
            BoundaryThreshold = double.PositiveInfinity,
        };
        var failure = Assert.Throws<LimitFailureException>(() => PdeSolver.Solve(problem));
        Assert.Contains("no longer finite at t = 0.01", failure.Message);
    }

    [Fact]
    public void SolvesAreBitIdentical()
    {
        var spec = PdeTestProblems.PressureLimit(2, 0.05, steps: 5);
        var first = LimitSolver.Solve(spec, LimitEquation.Nonlocal, true);
        var second = LimitSolver.Solve(spec, LimitEquation.Nonlocal, true);
        Assert.Equal(first.Snapshots[^1].Density[1], second.Snapshots[^1].Density[1]);
        Assert.Equal(first.Velocities![4].Velocity[0][1], second.Velocities![4].Velocity[0][1]);
        Assert.Equal(5, first.Velocities.Count);
        Assert.Equal(4 * spec.Time.Dt, first.Velocities[4].Time, 15);
    }
}
