using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Pde;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using Xunit;

namespace Ensemble.Tests.Limits;

/// <summary>
/// The moments of a PDE density are those of the smooth density its cell averages come from, not of the
/// piecewise-constant one (which is h^2/6 too wide): checked on the cell averages of Gaussians, whose moments are known.
/// </summary>
public sealed class DensityMomentsTests
{
    [Theory]
    [InlineData(1, 0.1)]
    [InlineData(1, 0.05)]
    [InlineData(2, 0.1)]
    public void TheMomentsOfAGaussiansCellAveragesAreTheGaussians(int dimension, double h)
    {
        const double variance = 0.09;
        double[] mean = dimension == 1 ? [0.3] : [0.3, -0.2];
        int cells = (int)Math.Round(4.0 / h);
        var grid = new UniformGrid(Enumerable.Repeat(-2.0, dimension).ToArray(), Enumerable.Repeat(cells, dimension).ToArray(), h);
        var density = InitialCellAverages.Of(grid, TestSpecs.Gaussian(mean, variance));
        var moments = DensityMoments.Of(grid, density);
        // The Gaussian reaches the walls only at 5.6 sd (mass 2e-8 beyond), and the cell averages are Gauss–Legendre
        // quadratures of order 2n - 1: 1e-7 is far below the h^2/6 = 4e-4 (h = 0.05) a piecewise-constant reading would be off.
        const double tolerance = 1e-7;
        Assert.Equal(1.0, moments.Mass, 1e-7);
        for (int a = 0; a < dimension; a++)
        {
            Assert.Equal(mean[a], moments.Mean[a], tolerance);
            Assert.Equal(0.0, moments.CentralMoment3[a], tolerance);
            Assert.Equal(3 * variance * variance, moments.CentralMoment4[a], tolerance);
        }
        Assert.Equal(variance, moments.Covariance[0], tolerance);
        if (dimension == 2)
        {
            Assert.Equal(0.0, moments.Covariance[1], tolerance);
            Assert.Equal(variance, moments.Covariance[2], tolerance);
        }
    }
}
