using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits.Pde;

/// <summary>A spec's limit PDE as a <see cref="PdeProblem"/> on a given grid: the model's coefficients, the initial cell averages, the time grid.</summary>
internal static class SpecProblem
{
    public static PdeProblem Build(SimulationSpec spec, LimitEquation equation, UniformGrid grid, bool keepVelocities)
    {
        var model = spec.Model;
        if (model.Dimension != grid.Dimension) throw new ArgumentException($"a grid of dimension {model.Dimension}, found {grid.Dimension}");
        var initial = model.AllSpecies().Select(s => InitialCellAverages.Of(grid, s.Initial)).ToArray();
        var (sigma, velocity) = model switch
        {
            PairwiseModelSpec a => (a.Species.Select(s => s.Sigma).ToArray(), Pairwise(a, equation, grid)),
            PressureModelSpec b => (Enumerable.Repeat(b.Sigma, b.Species.Count).ToArray(), Pressure(b, equation, grid)),
            _ => throw new ArgumentException($"no limit PDE for the model {model.GetType().Name}"),
        };
        return new PdeProblem
        {
            Equation = equation,
            Grid = grid,
            Sigma = sigma,
            Model = velocity,
            Initial = initial,
            Dt = spec.Time.Dt,
            Steps = spec.Time.StepCount(),
            OutputSteps = spec.Time.OutputSteps(),
            KeepVelocities = keepVelocities,
            // Half the transport limit, but a fifth for a local equation in d = 1, where steps are cheap and the
            // first-order (Lie) step's time error then stays below the grid-refinement bar on W2; the nonlocal
            // equations' steps are second order in time (moments at T move 4e-7 on W2 from a half to a fifth).
            Safety = grid.Dimension == 1 && !velocity.SmoothInTime ? 0.2 : 0.5,
        };
    }

    public static double[,] Interaction(PairwiseModelSpec a)
    {
        int n = a.Species.Count;
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) m[i, j] = a.Interaction[i][j];
        return m;
    }

    private static IVelocityModel Pairwise(PairwiseModelSpec a, LimitEquation equation, UniformGrid grid)
    {
        int n = a.Species.Count;
        var shapes = new KernelShape[n, n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) shapes[i, j] = a.ShapeOf(i, j);
        return equation == LimitEquation.Nonlocal
            ? new PairwiseNonlocalVelocity(grid, Interaction(a), shapes, a.Eta) // (4)
            : new CrossDiffusionVelocity(grid, Interaction(a), a.Species.Select(s => s.Sigma).ToArray()); // (1)
    }

    private static IVelocityModel Pressure(PressureModelSpec b, LimitEquation equation, UniformGrid grid)
    {
        double[] weight = b.Species.Select(s => s.Weight).ToArray(), mobility = b.Species.Select(s => s.Mobility).ToArray();
        return equation == LimitEquation.Nonlocal
            ? new PressureNonlocalVelocity(grid, weight, mobility, b.Exponent, b.Eps, b.Mollifier) // (1.5)
            : new PressureLocalVelocity(grid, weight, mobility, b.Exponent); // (1.1)
    }
}
