using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits;

/// <summary>
/// What the particles are compared with at one output time: a PDE density's moments and the
/// integrals &lt;u(t), phi_q&gt; of the spec's test functions. Computed once per (equation, time,
/// species) and shared by every realisation of a job, like the solution itself.
/// </summary>
public sealed record LimitReference(DensityMoments Moments, double[] TestFunctionIntegrals)
{
    /// <summary>Gauss–Legendre nodes and weights on [-1/2, 1/2]: 3 points, exact for polynomials of degree 5 in each cell.</summary>
    private static readonly double[] Nodes = [-0.5 * 0.7745966692414834, 0.0, 0.5 * 0.7745966692414834];
    private static readonly double[] Weights = [5.0 / 18.0, 8.0 / 18.0, 5.0 / 18.0];

    /// <summary>
    /// The moments (exact for the piecewise-constant density) and the test-function integrals by
    /// 3-point Gauss–Legendre on every cell, normalised by the mass as the particle averages are.
    /// The test functions are the project's fixed-bit ones, so the integrals are the same on every CPU.
    /// </summary>
    public static LimitReference Of(UniformGrid grid, ReadOnlySpan<double> density, IReadOnlyList<TestFunctionSpec> functions)
    {
        var moments = DensityMoments.Of(grid, density);
        var integrals = new double[functions.Count];
        int d = grid.Dimension, points = 1;
        for (int a = 0; a < d; a++) points *= Nodes.Length;
        Span<double> x = stackalloc double[d];
        for (int c = 0; c < grid.CellCount; c++)
        {
            double mass = density[c] * grid.CellVolume;
            if (mass == 0.0) continue;
            for (int point = 0; point < points; point++)
            {
                double weight = 1.0;
                for (int a = 0, rest = point; a < d; a++, rest /= Nodes.Length)
                {
                    int node = rest % Nodes.Length;
                    x[a] = grid.Centre(a, grid.IndexOn(c, a)) + Nodes[node] * grid.Spacing;
                    weight *= Weights[node];
                }
                for (int q = 0; q < integrals.Length; q++) integrals[q] += mass * weight * functions[q].Evaluate(x);
            }
        }
        for (int q = 0; q < integrals.Length; q++) integrals[q] /= moments.Mass;
        return new LimitReference(moments, integrals);
    }
}
