namespace Ensemble.Simulation.Engine;

/// <summary>
/// Identifies a realisation: a job's master seed and the realisation's index. Together with the
/// spec it determines the trajectory to the bit.
/// </summary>
public readonly record struct RealisationSeed(ulong MasterSeed, uint Index);
