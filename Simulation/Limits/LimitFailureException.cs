using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits;

/// <summary>
/// A PDE that cannot be solved as asked: ill-posed (model A (1) losing parabolicity), a box too
/// small for the mass, a grid too large for memory, or a blow-up. The message says what, where and
/// when; a job whose limit fails is a failed job with that reason, and nothing half-written.
/// </summary>
public sealed class LimitFailureException(LimitEquation equation, string reason) : Exception(reason)
{
    public LimitEquation Equation { get; } = equation;
}
