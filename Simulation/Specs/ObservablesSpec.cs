using System.Text.Json.Serialization;
using Ensemble.Simulation.Numerics;

namespace Ensemble.Simulation.Specs;

/// <summary>What is measured on each species' particle cloud at each output time.</summary>
public sealed record ObservablesSpec
{
    /// <summary>Empirical density on a fixed grid; none when null.</summary>
    public HistogramSpec? Histogram { get; init; }

    /// <summary>
    /// Indices of the tagged particles of each species (propagation of chaos, M = 2); when omitted,
    /// particles 0 and 1 (or only 0 if a species has a single particle).
    /// </summary>
    public IReadOnlyList<int>? TaggedParticles { get; init; }

    /// <summary>The tagged indices in force, given the smallest species size.</summary>
    public IReadOnlyList<int> TaggedParticlesFor(int fewestParticles) =>
        TaggedParticles ?? (fewestParticles >= 2 ? [0, 1] : [0]);

    /// <summary>Test functions phi_q whose averages &lt;mu_N, phi_q&gt; are recorded.</summary>
    public IReadOnlyList<TestFunctionSpec> TestFunctions { get; init; } = [];
}

/// <summary>A regular grid of bins on the box [lower, upper]; bins per axis.</summary>
public sealed record HistogramSpec
{
    public required IReadOnlyList<double> Lower { get; init; }
    public required IReadOnlyList<double> Upper { get; init; }
    public required IReadOnlyList<int> Bins { get; init; }
}

/// <summary>
/// A bounded smooth test function phi, evaluated with the project's fixed-bit sin, cos and exp
/// (Simulation/Numerics), so the estimates have the same bits on every CPU.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CosineMode), "cos")]
[JsonDerivedType(typeof(SineMode), "sin")]
[JsonDerivedType(typeof(GaussianBump), "gaussian")]
public abstract record TestFunctionSpec
{
    public abstract double Evaluate(ReadOnlySpan<double> x);
}

/// <summary>phi(x) = cos(k . x).</summary>
public sealed record CosineMode : TestFunctionSpec
{
    public required IReadOnlyList<double> Wavevector { get; init; }
    public override double Evaluate(ReadOnlySpan<double> x) => FixedTrig.Cos(Dot(Wavevector, x));

    internal static double Dot(IReadOnlyList<double> k, ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int a = 0; a < x.Length; a++) sum += k[a] * x[a];
        return sum;
    }
}

/// <summary>phi(x) = sin(k . x).</summary>
public sealed record SineMode : TestFunctionSpec
{
    public required IReadOnlyList<double> Wavevector { get; init; }
    public override double Evaluate(ReadOnlySpan<double> x) => FixedTrig.Sin(CosineMode.Dot(Wavevector, x));
}

/// <summary>phi(x) = exp(-|x - centre|^2 / (2 width^2)).</summary>
public sealed record GaussianBump : TestFunctionSpec
{
    public required IReadOnlyList<double> Centre { get; init; }
    public required double Width { get; init; }

    public override double Evaluate(ReadOnlySpan<double> x)
    {
        double r2 = 0.0;
        for (int a = 0; a < x.Length; a++)
        {
            double d = x[a] - Centre[a];
            r2 += d * d;
        }
        return FixedExp.Exp(-r2 / (2.0 * Width * Width));
    }
}
