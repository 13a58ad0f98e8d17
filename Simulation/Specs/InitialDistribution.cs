using System.Text.Json.Serialization;

namespace Ensemble.Simulation.Specs;

/// <summary>The law of each particle of a species at time 0 (particles are i.i.d.).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(GaussianDistribution), "gaussian")]
[JsonDerivedType(typeof(UniformBoxDistribution), "uniform")]
[JsonDerivedType(typeof(MixtureDistribution), "mixture")]
public abstract record InitialDistribution;

/// <summary>Normal(mean, covariance); the covariance must be symmetric positive definite.</summary>
public sealed record GaussianDistribution : InitialDistribution
{
    public required IReadOnlyList<double> Mean { get; init; }
    public required IReadOnlyList<IReadOnlyList<double>> Covariance { get; init; }
}

/// <summary>Uniform on the box [lower, upper].</summary>
public sealed record UniformBoxDistribution : InitialDistribution
{
    public required IReadOnlyList<double> Lower { get; init; }
    public required IReadOnlyList<double> Upper { get; init; }
}

/// <summary>A finite mixture; weights are normalised to sum 1.</summary>
public sealed record MixtureDistribution : InitialDistribution
{
    public required IReadOnlyList<MixtureComponent> Components { get; init; }
}

public sealed record MixtureComponent
{
    public required double Weight { get; init; }
    public required InitialDistribution Distribution { get; init; }
}
