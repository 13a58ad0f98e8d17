using Ensemble.Simulation.Engine;

namespace Ensemble.Simulation.Limits.Coupling;

/// <summary>The coupling errors of one realisation at one output step, one value per measure in the tracker's order.</summary>
internal sealed record CouplingValues(int Step, double Time, double[] Values);

/// <summary>
/// The observer of a coupled realisation: feeds <paramref name="tracker"/> every step, passes the steps
/// <paramref name="inner"/> wants on to it unchanged (the particle observables, trajectories), and at each of
/// <paramref name="recordAt"/> (ascending steps, e.g. the spec's output steps) records the tracker's values once the
/// last of the <paramref name="processes"/> has been seen — the sup over s &lt;= t_n then includes step n.
/// </summary>
internal sealed class CouplingRecorder(IStepObserver inner, CouplingTracker tracker, IReadOnlyList<int> recordAt, int processes) : IStepObserver
{
    private readonly int[] _recordAt = recordAt.ToArray();
    private int _innerStep = -1;
    private bool _innerWants;

    public List<CouplingValues> Recorded { get; } = [];

    public bool Wants(int step) => true;

    public void Observe(int step, double time, int process, ParticleVectors positions)
    {
        if (step != _innerStep)
        {
            _innerStep = step;
            _innerWants = inner.Wants(step);
        }
        if (_innerWants) inner.Observe(step, time, process, positions);
        tracker.Observe(step, time, process, positions);
        if (process == processes - 1 && Array.BinarySearch(_recordAt, step) >= 0)
        {
            var values = new double[tracker.Measures.Count];
            tracker.CopyValues(values);
            Recorded.Add(new CouplingValues(step, time, values));
        }
    }
}
