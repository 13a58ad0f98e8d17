using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Numerics;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;
using MathNet.Numerics.Integration;
using Xunit;

namespace Ensemble.Tests.Kernels;

/// <summary>
/// The shape dispatch (<see cref="KernelProfiles"/>): an undefined shape is refused at every public
/// entry point, and each defined shape's profile gives, to the bit, what the per-shape branches
/// computed before the dispatch existed (their formulas are written out here as the reference).
/// </summary>
public sealed class KernelDispatchTests
{
    private const KernelShape Undefined = (KernelShape)99;

    /// <summary>
    /// Across the support, near the smooth bump's cut-off 1 - s = 1/700, at the edge and outside, and
    /// at random points in [0, 1.1) (where a reordered product or another exp would show in the last bit).
    /// </summary>
    private static readonly double[] Points =
    [
        0.0, 1e-300, 0.125, 0.25, 1.0 / 3.0, 0.5, 0.75, 0.9, 0.999, 1.0 - 1.0 / 700.0,
        Math.BitDecrement(1.0 - 1.0 / 700.0), Math.BitIncrement(1.0 - 1.0 / 700.0), Math.BitDecrement(1.0), 1.0, 1.5, 4.0,
        .. RandomPoints(500),
    ];

    private static IEnumerable<double> RandomPoints(int count)
    {
        var random = new System.Random(2024);
        for (int i = 0; i < count; i++) yield return random.NextDouble() * 1.1;
    }

    public static TheoryData<KernelShape> Shapes() => [.. Enum.GetValues<KernelShape>()];

    [Fact]
    public void AnUndefinedShapeIsRefusedNamingTheValue()
    {
        AssertRefused(() => new ScaledKernel(Undefined, 2, 0.1));
        AssertRefused(() => KernelNormalisation.Constant(Undefined, 2));
        AssertRefused(() => RadialProfile.Value(Undefined, 0.5));
        AssertRefused(() => RadialProfile.GradientFactor(Undefined, 0.5));
        AssertRefused(() => RadialProfile.Reduced(Undefined, 0.5));
        AssertRefused(() => RadialProfile.Factor(Undefined));
        var pairwise = (PairwiseModelSpec)TestSpecs.Pairwise(1, 10, [[1.0]]).Model;
        AssertRefused(() => new PairwiseDrift(pairwise with { Kernel = Undefined }));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void DispatchedProfileGivesTheFormerBits(KernelShape shape)
    {
        foreach (double s in Points)
        {
            AssertSameBits(FormerValue(shape, s), RadialProfile.Value(shape, s), $"{shape} value at s = {s:R}");
            AssertSameBits(FormerGradientFactor(shape, s), RadialProfile.GradientFactor(shape, s), $"{shape} gradient factor at s = {s:R}");
            AssertSameBits(FormerReduced(shape, s), RadialProfile.Reduced(shape, s), $"{shape} reduced at s = {s:R}");
        }
        AssertSameBits(FormerFactor(shape), RadialProfile.Factor(shape), $"{shape} factor");
        for (int d = 1; d <= 3; d++)
            AssertSameBits(FormerNormalisation(shape, d), KernelNormalisation.Constant(shape, d), $"{shape} C_{d}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ScaledKernelUsesTheDispatchedProfile(KernelShape shape)
    {
        const double eta = 0.3, mass = 1.7;
        var kernel = new ScaledKernel(shape, 2, eta, mass);
        double[] x = [0.1, -0.05], gradient = new double[2];
        double s = (x[0] * x[0] + x[1] * x[1]) * (1.0 / (eta * eta));
        double valueScale = mass * FormerNormalisation(shape, 2) / FixedPow.Integer(eta, 2);
        AssertSameBits(valueScale * FormerValue(shape, s), kernel.Value(x), $"{shape} value");
        kernel.Gradient(x, gradient);
        double factor = valueScale * (1.0 / (eta * eta)) * FormerGradientFactor(shape, s);
        AssertSameBits(factor * x[0], gradient[0], $"{shape} gradient x");
        AssertSameBits(factor * x[1], gradient[1], $"{shape} gradient y");
    }

    private static void AssertRefused(Action action)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(action);
        Assert.Equal(Undefined, e.ActualValue);
        Assert.Contains("99", e.Message);
    }

    private static void AssertSameBits(double expected, double actual, string what) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"{what}: expected {expected:R}, dispatched {actual:R}");

    // The formulas as the per-shape branches wrote them; a new shape must add its own here. The
    // exponential and powers are the fixed-bit ones (Simulation/Numerics) that the profiles now use.

    private static double FormerValue(KernelShape shape, double s)
    {
        double t = 1.0 - s;
        return shape switch
        {
            KernelShape.PolynomialBump => t > 0.0 ? t * t * t : 0.0,
            KernelShape.SmoothBump => t > 1.0 / 700.0 ? FixedExp.Exp(-1.0 / t) : 0.0,
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "no reference formula"),
        };
    }

    private static double FormerReduced(KernelShape shape, double s)
    {
        double t = 1.0 - s;
        double clamped = Math.Max(t, 0.0);
        return shape switch
        {
            KernelShape.PolynomialBump => clamped * clamped,
            KernelShape.SmoothBump => t > 1.0 / 700.0 ? FixedExp.Exp(-1.0 / t) / (t * t) : 0.0,
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "no reference formula"),
        };
    }

    private static double FormerFactor(KernelShape shape) => shape switch
    {
        KernelShape.PolynomialBump => -6.0,
        KernelShape.SmoothBump => -2.0,
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "no reference formula"),
    };

    private static double FormerGradientFactor(KernelShape shape, double s) => FormerFactor(shape) * FormerReduced(shape, s);

    private static double FormerNormalisation(KernelShape shape, int dimension)
    {
        if (shape == KernelShape.PolynomialBump)
            return dimension switch { 1 => 35.0 / 32.0, 2 => 4.0 / Math.PI, _ => 315.0 / (64.0 * Math.PI) };
        double sphere = dimension switch { 1 => 2.0, 2 => 2.0 * Math.PI, _ => 4.0 * Math.PI };
        double radial = GaussLegendreRule.Integrate(r => FixedPow.Integer(r, dimension - 1) * FormerValue(shape, r * r), 0.0, 1.0, 256);
        return 1.0 / (sphere * radial);
    }
}
