using Ensemble.Simulation.Numerics;

namespace Ensemble.Simulation.Kernels;

/// <summary>
/// A kernel K^h(x) = mass * h^-d * C_d * f(|x|^2 / h^2) of support radius h: the V_ij^eta of
/// model A (mass = a_ij, eq. (2)) and the mollifier V^eps of model B (mass = 1, eq. (1.6)).
/// </summary>
internal sealed class ScaledKernel
{
    public ScaledKernel(KernelShape shape, int dimension, double radius, double mass = 1.0)
    {
        Shape = shape;
        Dimension = dimension;
        Radius = radius;
        Mass = mass;
        ValueScale = mass * KernelNormalisation.Constant(shape, dimension) / FixedPow.Integer(radius, dimension);
        InverseRadiusSquared = 1.0 / (radius * radius);
        GradientScale = ValueScale * InverseRadiusSquared;
    }

    public KernelShape Shape { get; }
    public int Dimension { get; }
    public double Radius { get; }
    public double Mass { get; }
    public double InverseRadiusSquared { get; }

    /// <summary>mass * h^-d * C_d: multiplies f(s).</summary>
    public double ValueScale { get; }

    /// <summary>mass * h^-(d+2) * C_d: multiplies GradientFactor(s) * x to give grad K^h(x).</summary>
    public double GradientScale { get; }

    public double Value(ReadOnlySpan<double> x) => ValueScale * RadialProfile.Value(Shape, SquaredNorm(x) * InverseRadiusSquared);

    /// <summary>grad K^h(x), written into <paramref name="gradient"/>.</summary>
    public void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        double factor = GradientScale * RadialProfile.GradientFactor(Shape, SquaredNorm(x) * InverseRadiusSquared);
        for (int a = 0; a < x.Length; a++) gradient[a] = factor * x[a];
    }

    private static double SquaredNorm(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        foreach (double v in x) sum += v * v;
        return sum;
    }
}
