using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Specs;

namespace Ensemble.Tests.Limits.Coupling;

/// <summary>A velocity field v_k(t, x) component a, as a test gives it.</summary>
public delegate double AnalyticVelocity(int species, int axis, double time, ReadOnlySpan<double> x);

/// <summary>
/// <see cref="LimitSolution"/>s built by hand from an analytic velocity sampled at cell centres, so the coupled
/// processes can be tested without a PDE solver: frame n at t_n = n dt for n = 0 … steps - 1.
/// </summary>
public static class HandBuiltSolutions
{
    /// <summary>The cube [-half, half]^d with spacing h (the cell count rounded to the nearest whole number).</summary>
    public static UniformGrid Cube(int dimension, double half, double h)
    {
        int cells = (int)Math.Round(2 * half / h);
        return new UniformGrid(Enumerable.Repeat(-half, dimension).ToArray(), Enumerable.Repeat(cells, dimension).ToArray(), 2 * half / cells);
    }

    /// <summary>One frame: the field sampled at every cell centre, Velocity[k][a][cell].</summary>
    public static VelocityFrame Frame(UniformGrid grid, int species, double time, AnalyticVelocity field)
    {
        int d = grid.Dimension;
        var velocity = new double[species][][];
        Span<double> x = stackalloc double[d];
        for (int k = 0; k < species; k++)
        {
            velocity[k] = new double[d][];
            for (int a = 0; a < d; a++) velocity[k][a] = new double[grid.CellCount];
            for (int c = 0; c < grid.CellCount; c++)
            {
                for (int b = 0; b < d; b++) x[b] = grid.Centre(b, grid.IndexOn(c, b));
                for (int a = 0; a < d; a++) velocity[k][a][c] = field(k, a, time, x);
            }
        }
        return new VelocityFrame(time, velocity);
    }

    /// <summary>A solution whose velocity frames sample <paramref name="field"/> at t_n = n dt, n = 0 … steps - 1.</summary>
    public static LimitSolution Solution(UniformGrid grid, int species, double dt, int steps, AnalyticVelocity field, bool timeDependent = true)
    {
        var frames = new VelocityFrame[steps];
        VelocityFrame? shared = timeDependent ? null : Frame(grid, species, 0.0, field);
        for (int n = 0; n < steps; n++)
            frames[n] = shared is null ? Frame(grid, species, n * dt, field) : shared with { Time = n * dt };
        return Solution(grid, species, frames);
    }

    public static LimitSolution Solution(UniformGrid grid, int species, IReadOnlyList<VelocityFrame> frames)
    {
        var density = Enumerable.Range(0, species).Select(_ => new double[grid.CellCount]).ToArray();
        var diagnostics = new LimitDiagnostics
        {
            Steps = frames.Count, TimeStep = 0, Convolution = "none", MassDrift = 0, MassAtBoundary = 0, MinimumDensity = 0, ElapsedSeconds = 0,
        };
        return new LimitSolution(LimitEquation.Local, grid, [new LimitSnapshot(0, 0.0, density)], frames, diagnostics);
    }

    /// <summary>
    /// v = a grad u for the Gaussian u = N(mean, s2 I) in d dimensions: what model A's local limit (5) reads (a_ij summed)
    /// when u is Gaussian, -a u (x - mean) / s2.
    /// </summary>
    public static double GaussianGradient(double a, double[] mean, double s2, int axis, ReadOnlySpan<double> x)
    {
        int d = mean.Length;
        double r2 = 0.0;
        for (int b = 0; b < d; b++) r2 += (x[b] - mean[b]) * (x[b] - mean[b]);
        double u = Math.Exp(-r2 / (2 * s2)) / Math.Pow(2 * Math.PI * s2, d / 2.0);
        return -a * u * (x[axis] - mean[axis]) / s2;
    }
}
