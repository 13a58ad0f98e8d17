namespace Ensemble.Simulation.Specs;

/// <summary>Euler–Maruyama with a fixed step dt to the horizon T; observables at the output times.</summary>
public sealed record TimeGridSpec
{
    public required double Dt { get; init; }
    public required double Horizon { get; init; }

    /// <summary>Times in [0, T], each a whole number of steps; default: only T.</summary>
    public IReadOnlyList<double>? OutputTimes { get; init; }

    /// <summary>Number of Euler–Maruyama steps, round(T / dt) (validated to be whole).</summary>
    public int StepCount() => (int)Math.Round(Horizon / Dt);

    /// <summary>The output times as step numbers, ascending and distinct.</summary>
    public int[] OutputSteps() =>
        (OutputTimes ?? [Horizon]).Select(t => (int)Math.Round(t / Dt)).Distinct().Order().ToArray();
}
