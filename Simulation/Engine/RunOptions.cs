namespace Ensemble.Simulation.Engine;

public enum TrajectoryRecording
{
    None,
    OutputTimes,
    EveryStep,
}

/// <summary>How to run a realisation; none of it changes the result, only its cost and what is written.</summary>
public sealed record RunOptions
{
    /// <summary>Threads for one realisation's drift and noise (results are identical for any value).</summary>
    public int Threads { get; init; } = 1;

    public TrajectoryRecording Trajectory { get; init; } = TrajectoryRecording.None;

    /// <summary>Receives the trajectory as CSV when <see cref="Trajectory"/> is not None.</summary>
    public TextWriter? TrajectoryWriter { get; init; }

    /// <summary>Checked once per step: a cancelled run stops with <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Receives the number of steps done as the realisation runs (read from another thread for progress).</summary>
    public StepCounter? Progress { get; init; }
}
