using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Limits.Pde;
using MathNet.Numerics.Integration;
using Xunit;

namespace Ensemble.Tests.Limits.Pde;

/// <summary>
/// The convolution stencils integrate the kernel exactly over cells (never a midpoint sample of it): checked against
/// closed forms, against the kernel's mass, and measured against the midpoint rule on a Gaussian.
/// </summary>
public sealed class KernelCellIntegralTests(ITestOutputHelper output)
{
    /// <summary>
    /// The value stencil sums to the kernel's mass and the gradient stencil to 0. Tolerance 1e-12 for the polynomial
    /// bump (exact 1-d rules, smooth 2-d and 3-d pieces); 1e-6 for the smooth bump, whose exp(-1/(1-r^2)) is flat to
    /// all orders at the support's edge and only approximately integrated by 20 Gauss nodes on a chord.
    /// </summary>
    [Theory]
    [InlineData(KernelShape.PolynomialBump, 1)]
    [InlineData(KernelShape.PolynomialBump, 2)]
    [InlineData(KernelShape.PolynomialBump, 3)]
    [InlineData(KernelShape.SmoothBump, 1)]
    [InlineData(KernelShape.SmoothBump, 2)]
    public void StencilsCarryTheKernelsMass(KernelShape shape, int dimension)
    {
        double radius = 0.1, h = dimension == 3 ? 0.04 : 0.03;
        var centre = new double[dimension];
        var face = new double[dimension];
        face[0] = 0.5;
        double tolerance = shape == KernelShape.PolynomialBump ? 1e-12 : 1e-6;
        double total = ConvolutionStencil.Value(shape, dimension, radius, -1.7, h, centre).Total();
        output.WriteLine($"{shape} d = {dimension}: value stencil total {total:R} (mass -1.7)");
        Assert.Equal(-1.7, total, tolerance);
        for (int a = 0; a < dimension; a++)
            Assert.Equal(0.0, ConvolutionStencil.Gradient(shape, dimension, radius, 1.0, h, a, face).Total(), 1e-12);
    }

    /// <summary>In d = 1 the polynomial bump's cell integral is its antiderivative's difference, to rounding.</summary>
    [Fact]
    public void PolynomialCellIntegralIsExactInOneDimension()
    {
        static double F(double x) => x - x * x * x + 0.6 * Math.Pow(x, 5) - Math.Pow(x, 7) / 7.0;
        foreach ((double lo, double hi) in new[] { (-0.3, 0.1), (0.85, 1.4), (-2.0, -0.95), (0.2, 0.21) })
        {
            double exact = F(Math.Clamp(hi, -1, 1)) - F(Math.Clamp(lo, -1, 1));
            Assert.Equal(exact, KernelCellIntegrals.Box(KernelShape.PolynomialBump, 0.0, [lo], [hi]), 1e-15);
        }
    }

    /// <summary>
    /// grad V^eta * u at the cell centres for a Gaussian u (variance 0.04) in d = 1, by the exact cell integrals and by
    /// midpoint samples h grad V^eta(o h), against the convolution of the Gaussian itself (Gauss–Legendre, 256 nodes).
    /// Both are printed with their orders at h = eta/2, eta/4, eta/8, eta/16. Asserted: the exact cell integrals
    /// converge at order 2 (>= 1.8) with an error that falls at every halving of h, and beat the midpoint rule at the
    /// coarsest grid h = eta/2. Measured findings: the midpoint error of the smooth bump is erratic (it rises again
    /// from eta/4 to eta/8); that of the polynomial bump is larger at eta/2 and eta/4 but smaller from eta/8 on, where
    /// the exact integrals carry the O(h^2) error of the piecewise-constant density itself.
    /// </summary>
    [Theory]
    [InlineData(KernelShape.PolynomialBump)]
    [InlineData(KernelShape.SmoothBump)]
    public void ExactCellIntegralsConvergeAtSecondOrder(KernelShape shape)
    {
        const double eta = 0.1, variance = 0.04;
        var kernel = new ScaledKernel(shape, 1, eta, 1.0);
        double Gauss(double x) => Math.Exp(-x * x / (2 * variance)) / Math.Sqrt(2 * Math.PI * variance);
        double Reference(double x)
        {
            var g = new double[1];
            return GaussLegendreRule.Integrate(z =>
            {
                kernel.Gradient([z], g);
                return g[0] * Gauss(x - z);
            }, -eta, eta, 256);
        }
        double[] hs = [eta / 2, eta / 4, eta / 8, eta / 16];
        var exactErrors = new double[hs.Length];
        var midpointErrors = new double[hs.Length];
        for (int i = 0; i < hs.Length; i++)
        {
            double h = hs[i];
            var grid = PdeTestProblems.Cube(1, 1.2, h);
            double[] u = InitialCellAverages.Of(grid, Support.TestSpecs.Gaussian([0.0], variance));
            var exact = new double[grid.CellCount];
            var midpoint = new double[grid.CellCount];
            ConvolutionStencil.Gradient(shape, 1, eta, 1.0, h, 0, [0.0]).Apply(grid, u, exact);
            ConvolutionStencil.MidpointGradient(shape, 1, eta, 1.0, h, 0, [0.0]).Apply(grid, u, midpoint);
            for (int c = 0; c < grid.CellCount; c++)
            {
                double r = Reference(grid.Centre(0, c));
                exactErrors[i] = Math.Max(exactErrors[i], Math.Abs(exact[c] - r));
                midpointErrors[i] = Math.Max(midpointErrors[i], Math.Abs(midpoint[c] - r));
            }
        }
        double exactOrder = PdeTestProblems.Slope(hs, exactErrors), midpointOrder = PdeTestProblems.Slope(hs, midpointErrors);
        output.WriteLine($"{shape}: max error, exact cell integrals {string.Join(", ", exactErrors.Select(e => e.ToString("E3")))} (order {exactOrder:F2}); "
            + $"midpoint {string.Join(", ", midpointErrors.Select(e => e.ToString("E3")))} (order {midpointOrder:F2}) at h = eta/2 .. eta/16");
        Assert.True(exactOrder >= 1.8, $"order {exactOrder}");
        Assert.True(exactErrors[0] < midpointErrors[0]);
        for (int i = 1; i < hs.Length; i++) Assert.True(exactErrors[i] < exactErrors[i - 1]);
    }
}
