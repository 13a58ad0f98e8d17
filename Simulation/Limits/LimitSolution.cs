using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits;

/// <summary>
/// One PDE of a spec's limit, solved once: its densities at the spec's output times (and at t = 0),
/// and — when a coupled process needs it — the transport velocity at every Euler–Maruyama step
/// time t_n = n dt, n = 0 … steps - 1, which is where the coupled process reads its drift.
/// Immutable, so every realisation on a silo can share one.
/// </summary>
public sealed class LimitSolution(
    LimitEquation equation,
    UniformGrid grid,
    IReadOnlyList<LimitSnapshot> snapshots,
    IReadOnlyList<VelocityFrame>? velocities,
    LimitDiagnostics diagnostics)
{
    public LimitEquation Equation { get; } = equation;
    public UniformGrid Grid { get; } = grid;

    /// <summary>At step 0 and at each output step of the spec, ascending.</summary>
    public IReadOnlyList<LimitSnapshot> Snapshots { get; } = snapshots;

    /// <summary>Velocities at every step time, or null when no coupled process asked for them.</summary>
    public IReadOnlyList<VelocityFrame>? Velocities { get; } = velocities;

    public LimitDiagnostics Diagnostics { get; } = diagnostics;

    /// <summary>The snapshot at Euler–Maruyama step <paramref name="step"/> (an output step or 0).</summary>
    public LimitSnapshot At(int step) =>
        Snapshots.FirstOrDefault(s => s.Step == step) ?? throw new ArgumentOutOfRangeException(nameof(step), $"no snapshot at step {step}");
}

/// <summary>How a solution was computed and how good it is, for the note, the CLI and the database.</summary>
public sealed record LimitDiagnostics
{
    /// <summary>PDE time steps taken.</summary>
    public required int Steps { get; init; }

    /// <summary>Their size: the spec's dt divided by a whole number.</summary>
    public required double TimeStep { get; init; }

    /// <summary>"fft" or "direct" for the nonlocal convolutions; "none" for the local equations.</summary>
    public required string Convolution { get; init; }

    /// <summary>Largest relative change of any species' mass over the run (conservation check).</summary>
    public required double MassDrift { get; init; }

    /// <summary>Largest fraction of any species' mass in the outermost layer of cells at any time (is the box big enough?).</summary>
    public required double MassAtBoundary { get; init; }

    /// <summary>Smallest cell average seen (never negative for a positivity-preserving scheme).</summary>
    public required double MinimumDensity { get; init; }

    public required double ElapsedSeconds { get; init; }
}
