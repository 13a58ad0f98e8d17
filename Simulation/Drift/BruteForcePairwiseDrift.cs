using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Drift;

/// <summary>
/// Eq. (2) summed over all N^2 pairs in plain scalar code: the reference that the cell-list
/// <see cref="PairwiseDrift"/> is tested against. O(particles^2); for tests only.
/// </summary>
internal sealed class BruteForcePairwiseDrift(PairwiseModelSpec spec) : IDriftField
{
    private readonly PairwiseCoefficients _c = new(spec);

    public void Evaluate(ParticleVectors positions, double time, ParticleVectors drift)
    {
        int d = positions.Dimension, n = positions.SpeciesCount;
        Span<double> sum = stackalloc double[d];
        Span<double> total = stackalloc double[d];
        for (int i = 0; i < n; i++)
        for (int k = 0; k < positions.Counts[i]; k++)
        {
            int target = positions.Offset(i) + k;
            total.Clear();
            for (int j = 0; j < n; j++)
            {
                sum.Clear();
                KernelShape shape = _c.Shape[i, j];
                for (int l = 0; l < positions.Counts[j]; l++)
                {
                    int source = positions.Offset(j) + l;
                    double s = 0.0;
                    for (int a = 0; a < d; a++)
                    {
                        double z = positions.Axis[a][target] - positions.Axis[a][source];
                        s += z * z;
                    }
                    s *= _c.InverseEtaSquared;
                    if (s >= 1.0) continue;
                    double g = RadialProfile.Reduced(shape, s);
                    for (int a = 0; a < d; a++) sum[a] += g * (positions.Axis[a][target] - positions.Axis[a][source]);
                }
                for (int a = 0; a < d; a++) total[a] += _c.Coefficient[i, j] * sum[a];
            }
            for (int a = 0; a < d; a++) drift.Axis[a][target] = total[a];
        }
    }
}
