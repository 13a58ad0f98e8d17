namespace Ensemble.Simulation.Limits;

/// <summary>
/// Moments of a density given by cell averages, integrated exactly for the piecewise-constant
/// density they define (so a cell of width h contributes its h^2/12 to the variance), in the
/// same forms as the particle observables: mass, mean, covariance (upper triangle xx, xy, …),
/// central moments 3 and 4 per axis — each normalised by the mass.
/// </summary>
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
                // Exact moments of a uniform law on [c - h/2, c + h/2] about the mean: E(o + U)^3 and E(o + U)^4.
                double o = offset[a], o2 = o * o, u2 = h * h / 12.0, u4 = h * h * h * h / 80.0;
                third[a] += m * (o2 * o + 3.0 * o * u2);
                fourth[a] += m * (o2 * o2 + 6.0 * o2 * u2 + u4);
            }
        }
        int diagonal = 0;
        for (int a = 0; a < d; a++)
        {
            covariance[diagonal] += mass * h * h / 12.0;
            diagonal += d - a;
        }
        for (int i = 0; i < covariance.Length; i++) covariance[i] /= mass;
        for (int a = 0; a < d; a++)
        {
            third[a] /= mass;
            fourth[a] /= mass;
        }
        return new DensityMoments(mass, mean, covariance, third, fourth);
    }
}
