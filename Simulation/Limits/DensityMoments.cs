namespace Ensemble.Simulation.Limits;

/// <summary>
/// Moments of the smooth density whose cell averages a grid holds, in the same forms as the particle
/// observables: mass, mean, covariance (upper triangle xx, xy, …), central moments 3 and 4 per axis,
/// each normalised by the mass.
/// </summary>
/// <remarks>
/// A cell average is the density convolved with the uniform law on a cell, sampled at the cell's
/// centre; for a smooth, decaying density the midpoint sums over the centres give the moments of that
/// convolution to spectral accuracy (Euler–Maclaurin: every correction term is a boundary term, and the
/// density vanishes at the walls). So the centres' moments are those of X + U, U uniform on
/// [-h/2, h/2]^d and independent of X, and the moments of X follow by removing U's: variances lose
/// h^2/12, fourth central moments lose 6 Var h^2/12 + h^4/80, means, third moments and off-diagonal
/// covariances are unchanged. Treating the cell averages as the piecewise-constant density itself
/// would instead be biased by h^2/6 in the variance and about h^2 Var in the fourth moment.
/// </remarks>
public sealed record DensityMoments(double Mass, double[] Mean, double[] Covariance, double[] CentralMoment3, double[] CentralMoment4)
{
    public static DensityMoments Of(UniformGrid grid, ReadOnlySpan<double> density)
    {
        int d = grid.Dimension;
        double h = grid.Spacing, v = grid.CellVolume;
        double mass = 0.0;
        var mean = new double[d];
        for (int c = 0; c < grid.CellCount; c++)
        {
            double m = density[c] * v;
            mass += m;
            for (int a = 0; a < d; a++) mean[a] += m * grid.Centre(a, grid.IndexOn(c, a));
        }
        for (int a = 0; a < d; a++) mean[a] /= mass;

        var covariance = new double[d * (d + 1) / 2];
        var third = new double[d];
        var fourth = new double[d];
        Span<double> offset = stackalloc double[d];
        for (int c = 0; c < grid.CellCount; c++)
        {
            double m = density[c] * v;
            for (int a = 0; a < d; a++) offset[a] = grid.Centre(a, grid.IndexOn(c, a)) - mean[a];
            int entry = 0;
            for (int a = 0; a < d; a++)
            {
                for (int b = a; b < d; b++) covariance[entry++] += m * offset[a] * offset[b];
                double o = offset[a], o2 = o * o;
                third[a] += m * o2 * o;
                fourth[a] += m * o2 * o2;
            }
        }
        for (int i = 0; i < covariance.Length; i++) covariance[i] /= mass;
        double u2 = h * h / 12.0, u4 = h * h * h * h / 80.0;
        for (int a = 0, diagonal = 0; a < d; diagonal += d - a, a++)
        {
            third[a] /= mass;
            double centres = covariance[diagonal];
            covariance[diagonal] = centres - u2;
            // E(Y - mu)^4 = m4 + 6 m2 E U^2 + E U^4 with Y = X + U and m2 = Var X = Var Y - E U^2.
            fourth[a] = fourth[a] / mass - 6.0 * covariance[diagonal] * u2 - u4;
        }
        return new DensityMoments(mass, mean, covariance, third, fourth);
    }
}
