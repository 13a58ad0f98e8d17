using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Neighbours;
using Ensemble.Simulation.Numerics;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Drift;

/// <summary>
/// Model B's drift (1.6) for m = 2, where the pressure is linear in the empirical measure:
/// -b_k sum_l (a_l / N_l) sum_j grad W^eps(x - X_l^j), W^eps = V^eps * V^eps of radius 2 eps,
/// grad W^eps(z) = eps^-(d+1) W'(|z|/eps) z/|z|. Exact up to the tabulation of W' (about 1e-10
/// relative), so it is the yardstick for <see cref="PressureGridDrift"/>.
/// </summary>
internal sealed class PressurePairwiseDrift : IDriftField
{
    private readonly SelfConvolvedKernel _w;
    private readonly double _eps;
    private readonly double[] _mobility;
    private readonly double[] _sourceWeight;
    private readonly double _scale;
    private readonly CellList _cells;

    /// <param name="table">W' for the spec's mollifier and dimension, to share one tabulation between runs.</param>
    public PressurePairwiseDrift(PressureModelSpec spec, SelfConvolvedKernel? table = null)
    {
        if (spec.Exponent != 2.0) throw new ArgumentException("the pairwise form of (1.6) is exact only for m = 2", nameof(spec));
        _w = table ?? new SelfConvolvedKernel(spec.Mollifier, spec.Dimension);
        _eps = spec.Eps;
        _mobility = spec.Species.Select(s => s.Mobility).ToArray();
        _sourceWeight = spec.Species.Select(s => s.Weight / s.Particles).ToArray();
        _scale = FixedPow.Integer(spec.Eps, -(spec.Dimension + 1));
        _cells = new CellList(spec.Dimension, spec.Species.Select(s => s.Particles).ToArray());
    }

    public void Evaluate(ParticleVectors positions, double time, ParticleVectors drift)
    {
        double radius = SelfConvolvedKernel.Radius * _eps;
        _cells.Build(positions, radius);
        ParticleVectors sorted = _cells.Sorted;
        int d = sorted.Dimension, species = sorted.SpeciesCount;
        Span<(int Start, int End)> slices = stackalloc (int, int)[9];
        Span<double> sum = stackalloc double[d];
        Span<double> total = stackalloc double[d];
        int i = 0;
        for (int g = 0; g < sorted.Total; g++)
        {
            while (g >= sorted.End(i)) i++;
            var (cx, cy, cz) = _cells.Coordinates(_cells.CellOfSorted(g));
            total.Clear();
            for (int l = 0; l < species; l++)
            {
                sum.Clear();
                int n = _cells.NeighbourSlices(l, cx, cy, cz, slices);
                foreach ((int start, int end) in slices[..n])
                for (int j = start; j < end; j++)
                {
                    double r2 = 0.0;
                    for (int a = 0; a < d; a++)
                    {
                        double z = sorted.Axis[a][g] - sorted.Axis[a][j];
                        r2 += z * z;
                    }
                    if (r2 == 0.0 || r2 >= radius * radius) continue;
                    double r = Math.Sqrt(r2);
                    double factor = _w.RadialDerivative(r / _eps) / r;
                    for (int a = 0; a < d; a++) sum[a] += factor * (sorted.Axis[a][g] - sorted.Axis[a][j]);
                }
                for (int a = 0; a < d; a++) total[a] += _sourceWeight[l] * sum[a];
            }
            int target = sorted.Offset(i) + _cells.SortedToOriginal[g];
            for (int a = 0; a < d; a++) drift.Axis[a][target] = -_mobility[i] * _scale * total[a];
        }
    }
}
