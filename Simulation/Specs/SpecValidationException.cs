namespace Ensemble.Simulation.Specs;

/// <summary>A spec was rejected before any work: <see cref="Field"/> is the JSON path of the culprit.</summary>
public sealed class SpecValidationException(string field, string expectation)
    : Exception($"{field}: {expectation}")
{
    /// <summary>JSON path of the offending field, e.g. <c>model.species[1].sigma</c>.</summary>
    public string Field { get; } = field;

    /// <summary>What was expected, and what was found.</summary>
    public string Expectation { get; } = expectation;
}
