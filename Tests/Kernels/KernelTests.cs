using Ensemble.Simulation.Kernels;
using MathNet.Numerics;
using System.Runtime.Intrinsics;
using Xunit;

namespace Ensemble.Tests.Kernels;

public sealed class KernelTests
{
    public static TheoryData<KernelShape, int> ShapesAndDimensions()
    {
        var data = new TheoryData<KernelShape, int>();
        foreach (KernelShape shape in Enum.GetValues<KernelShape>())
        for (int d = 1; d <= 3; d++)
            data.Add(shape, d);
        return data;
    }

    /// <summary>
    /// Integrates V^eta over its ball in Cartesian coordinates (nested double-exponential quadrature,
    /// independent of the radial formula used for the normalisation) and expects the mass a_ij.
    /// </summary>
    [Theory]
    [MemberData(nameof(ShapesAndDimensions))]
    public void ScaledKernelIntegratesToItsMass(KernelShape shape, int dimension)
    {
        const double eta = 0.37, mass = -1.7;
        var kernel = new ScaledKernel(shape, dimension, eta, mass);
        double[] x = new double[dimension];
        double Slice(int axis, double radius2)
        {
            // Integrates over axis..d-1 inside the ball of squared radius radius2 (scaled by eta).
            double reach = Math.Sqrt(Math.Max(radius2, 0.0)) * eta;
            return Integrate.DoubleExponential(t =>
            {
                x[axis] = t;
                double rest = radius2 - t * t / (eta * eta);
                return axis == dimension - 1 ? kernel.Value(x) : Slice(axis + 1, rest);
            }, -reach, reach, 1e-13);
        }
        double integral = Slice(0, 1.0);
        Assert.True(Math.Abs(integral - mass) <= 1e-8 * Math.Abs(mass), $"integral {integral:R} vs mass {mass}");
    }

    [Fact]
    public void PolynomialBumpNormalisationIn2DIsFourOverPi()
    {
        Assert.Equal(4.0 / Math.PI, KernelNormalisation.Constant(KernelShape.PolynomialBump, 2), 15);
    }

    [Theory]
    [MemberData(nameof(ShapesAndDimensions))]
    public void GradientMatchesCentralFiniteDifferences(KernelShape shape, int dimension)
    {
        const double eta = 0.2;
        var kernel = new ScaledKernel(shape, dimension, eta, 2.5);
        var random = new System.Random(1234);
        double[] x = new double[dimension], gradient = new double[dimension], probe = new double[dimension];
        double h = 1e-6 * eta;
        for (int trial = 0; trial < 200; trial++)
        {
            // Points inside the support but away from its edge, where the smooth bump's values underflow.
            for (int a = 0; a < dimension; a++) x[a] = (random.NextDouble() * 2 - 1) * eta * 0.9 / Math.Sqrt(dimension);
            kernel.Gradient(x, gradient);
            double scale = kernel.GradientScale * eta;
            for (int a = 0; a < dimension; a++)
            {
                x.CopyTo(probe, 0);
                probe[a] += h;
                double plus = kernel.Value(probe);
                probe[a] -= 2 * h;
                double minus = kernel.Value(probe);
                double difference = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(difference - gradient[a]) <= 1e-6 * scale,
                    $"axis {a} at [{string.Join(", ", x)}]: analytic {gradient[a]:R}, finite difference {difference:R}");
            }
        }
    }

    [Fact]
    public void SharedPartGivesTheSameBitsAsTheDirectProfiles()
    {
        AssertSharedMatches<PolynomialProfile>();
        AssertSharedMatches<SmoothProfile>();
    }

    private static void AssertSharedMatches<TProfile>() where TProfile : struct, IKernelProfile
    {
        var random = new System.Random(77);
        for (int trial = 0; trial < 20_000; trial++)
        {
            // s across the support, its edge (1 - s near the smooth bump's cut-off) and outside.
            var s = Vector256.Create(random.NextDouble() * 1.2, 1 - random.NextDouble() * 0.003, random.NextDouble(), 1 + random.NextDouble());
            var shared = TProfile.Shared(s);
            Assert.Equal(TProfile.Value(s).AsUInt64(), TProfile.ValueFrom(shared, s).AsUInt64());
            Assert.Equal(TProfile.Reduced(s).AsUInt64(), TProfile.ReducedFrom(shared, s).AsUInt64());
        }
    }

    [Fact]
    public void GradientVanishesOutsideTheSupportAndAtTheCentre()
    {
        foreach (KernelShape shape in Enum.GetValues<KernelShape>())
        {
            var kernel = new ScaledKernel(shape, 2, 0.1);
            double[] gradient = new double[2];
            kernel.Gradient([0.1, 0.0], gradient);
            Assert.Equal([0.0, 0.0], gradient);
            kernel.Gradient([0.3, -0.2], gradient);
            Assert.Equal([0.0, 0.0], gradient);
            kernel.Gradient([0.0, 0.0], gradient);
            Assert.Equal([0.0, 0.0], gradient);
        }
    }
}
