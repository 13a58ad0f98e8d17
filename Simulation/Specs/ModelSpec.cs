using System.Text.Json.Serialization;

namespace Ensemble.Simulation.Specs;

/// <summary>A particle system of one of the two papers; the JSON "type" field picks which.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PairwiseModelSpec), "pairwise")]
[JsonDerivedType(typeof(PressureModelSpec), "pressure")]
public abstract record ModelSpec
{
    /// <summary>Space dimension d, 1 to 3.</summary>
    public required int Dimension { get; init; }

    /// <summary>The species in a common form: name, particle count, initial law. (A method, so JSON never sees it.)</summary>
    public abstract IReadOnlyList<SpeciesSpec> AllSpecies();
}

/// <summary>What every species has, whichever the model.</summary>
public abstract record SpeciesSpec
{
    public string? Name { get; init; }

    /// <summary>Number of particles N of this species.</summary>
    public required int Particles { get; init; }

    public required InitialDistribution Initial { get; init; }
}
