using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Drift;

/// <summary>
/// The constants of eq. (2) folded per species pair: the drift on X_i^k is
/// sum_j Coefficient[i,j] * sum_l Reduced_ij(s) (X_i^k - X_j^l), s = |X_i^k - X_j^l|^2 / eta^2, with
/// Coefficient[i,j] = -(a_ij / N_j) * C_d * eta^-(d+2) * Factor_ij (see <see cref="IKernelProfile"/>).
/// </summary>
internal sealed class PairwiseCoefficients
{
    public PairwiseCoefficients(PairwiseModelSpec spec)
    {
        int n = spec.Species.Count, d = spec.Dimension;
        Eta = spec.Eta;
        InverseEtaSquared = 1.0 / (spec.Eta * spec.Eta);
        Coefficient = new double[n, n];
        Shape = new KernelShape[n, n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            KernelShape shape = spec.ShapeOf(i, j);
            var kernel = new ScaledKernel(shape, d, spec.Eta, spec.Interaction[i][j]);
            double factor = RadialProfile.Factor(shape);
            Shape[i, j] = shape;
            Coefficient[i, j] = -kernel.GradientScale * factor / spec.Species[j].Particles;
        }
    }

    public double Eta { get; }
    public double InverseEtaSquared { get; }
    public double[,] Coefficient { get; }
    public KernelShape[,] Shape { get; }
}
