using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Pde;
using Ensemble.Simulation.Specs;
using Xunit;

namespace Ensemble.Tests.Limits.Pde;

/// <summary>
/// With every interaction off, each of the four solvers is the heat equation d_t u = sigma Lap u, whose solution
/// from a Gaussian of variance s0 is the Gaussian of variance s0 + 2 sigma t: the L1 distance between the computed
/// cell averages and the exact ones at T measures the scheme's error, and its slope against h and against the PDE
/// step gives the orders (second in h: three-point diffusion on cell averages; second in tau: Crank–Nicolson,
/// whose axis factors commute for the heat equation on a box).
/// </summary>
public sealed class HeatEquationTests(ITestOutputHelper output)
{
    private const double Sigma = 0.5, Variance = 0.04, Horizon = 0.1;

    public static TheoryData<string> Models() => ["pairwise (4)", "pairwise (1)", "pressure (1.5)", "pressure (1.1)"];

    private static IVelocityModel Switched(string model, UniformGrid grid) => model switch
    {
        "pairwise (4)" => new PairwiseNonlocalVelocity(grid, new double[1, 1], new KernelShape[1, 1], 0.1),
        "pairwise (1)" => new CrossDiffusionVelocity(grid, new double[1, 1], [Sigma]),
        "pressure (1.5)" => new PressureNonlocalVelocity(grid, [1.0], [0.0], 3.0, 0.1, KernelShape.SmoothBump),
        _ => new PressureLocalVelocity(grid, [1.0], [0.0], 3.0),
    };

    private static double Error(string model, int dimension, double h, int steps, int substeps)
    {
        var grid = PdeTestProblems.Cube(dimension, 2.5, h);
        double[] mean = new double[dimension];
        var problem = new PdeProblem
        {
            Equation = model.Contains("(4)") || model.Contains("(1.5)") ? LimitEquation.Nonlocal : LimitEquation.Local,
            Grid = grid,
            Sigma = [Sigma],
            Model = Switched(model, grid),
            Initial = [PdeTestProblems.GaussianAverages(grid, mean, Variance)],
            Dt = Horizon / steps,
            Steps = steps,
            OutputSteps = [steps],
            Substeps = substeps,
        };
        var solution = PdeSolver.Solve(problem);
        double[] exact = PdeTestProblems.GaussianAverages(grid, mean, Variance + 2 * Sigma * Horizon);
        return PdeTestProblems.L1(grid, solution.Snapshots[^1].Density[0], exact);
    }

    /// <summary>
    /// Order in h at a PDE step small enough (tau = h^2 / 4, Crank–Nicolson error ~ tau^2) that the spatial error
    /// dominates. Expected 2; asserted in [1.8, 2.3] (the finest h still carries a little of the time error and the
    /// Gauss rule of the exact cell averages, both far below the spatial error).
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void OrderInSpaceIsTwo(string model)
    {
        double[] hs = [0.04, 0.02, 0.01];
        double[] errors = hs.Select(h => Error(model, 1, h, 10, (int)Math.Ceiling(Horizon / 10 / (h * h / 4)))).ToArray();
        double order = PdeTestProblems.Slope(hs, errors);
        output.WriteLine($"{model} d = 1: L1 errors {string.Join(", ", errors.Select(e => e.ToString("E3")))} "
            + $"at h = {string.Join(", ", hs)}; order {order:F3}");
        Assert.InRange(order, 1.8, 2.3);
    }

    /// <summary>
    /// Order in the PDE step at fixed h = 0.02 against a reference with 16 times as many steps at the same h (so the
    /// spatial error cancels). Expected 2 (Crank–Nicolson); asserted in [1.7, 2.3].
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void OrderInTimeIsTwo(string model)
    {
        const double h = 0.02;
        var grid = PdeTestProblems.Cube(1, 2.5, h);
        double[] Solve(int substeps)
        {
            var problem = new PdeProblem
            {
                Equation = LimitEquation.Local,
                Grid = grid,
                Sigma = [Sigma],
                Model = Switched(model, grid),
                Initial = [PdeTestProblems.GaussianAverages(grid, [0.0], Variance)],
                Dt = Horizon / 10,
                Steps = 10,
                OutputSteps = [10],
                Substeps = substeps,
            };
            return PdeSolver.Solve(problem).Snapshots[^1].Density[0];
        }
        int[] ks = [13, 26, 52];
        double[] reference = Solve(16 * ks[^1]);
        double[] taus = ks.Select(k => Horizon / 10 / k).ToArray();
        double[] errors = ks.Select(k => PdeTestProblems.L1(grid, Solve(k), reference)).ToArray();
        double order = PdeTestProblems.Slope(taus, errors);
        output.WriteLine($"{model}: L1 errors {string.Join(", ", errors.Select(e => e.ToString("E3")))} at tau = "
            + $"{string.Join(", ", taus.Select(t => t.ToString("E3")))}; order {order:F3}");
        Assert.InRange(order, 1.7, 2.3);
    }

    /// <summary>The 2-d check of the order in h, for the two model A solvers (the pressure ones share the stepper).</summary>
    [Theory]
    [InlineData("pairwise (4)")]
    [InlineData("pairwise (1)")]
    public void OrderInSpaceIsTwoInTwoDimensions(string model)
    {
        double[] hs = [0.08, 0.04, 0.02];
        double[] errors = hs.Select(h => Error(model, 2, h, 5, (int)Math.Ceiling(Horizon / 5 / (h * h / 4)))).ToArray();
        double order = PdeTestProblems.Slope(hs, errors);
        output.WriteLine($"{model} d = 2: L1 errors {string.Join(", ", errors.Select(e => e.ToString("E3")))}; order {order:F3}");
        Assert.InRange(order, 1.8, 2.3);
    }
}
