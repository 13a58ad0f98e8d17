using System.Runtime.Intrinsics;
using Ensemble.Simulation.Engine;

namespace Ensemble.Simulation.Limits.Coupling;

/// <summary>
/// Running suprema over s &lt;= t of the synchronous-coupling errors between the particle system (process 0) and
/// coupled limit processes, for the <see cref="CouplingMeasure"/>s asked. A sup over time needs every step, so it is
/// fed every step (it is an <see cref="IStepObserver"/> that wants them all) and read whenever wanted — at the output
/// steps. At each step, process 0 must be observed first (its positions are copied), then the coupled processes;
/// a skipped step or a process seen before process 0 is a wiring error and throws.
/// Kept per coupled process: the running max over steps and particles of |X - X'|^2 per species (model A's
/// sup max; max is exact, so the order of the reduction does not matter) and, when asked, each particle's running
/// max of |X - X'|^2 (model B's per-particle sup). Squared distances are summed over axes in axis order, vectorised
/// over particles with <see cref="Vector256"/> (fixed width: the same bits on every CPU). Allocates nothing per step.
/// One instance per running realisation; <see cref="Reset"/> between realisations.
/// </summary>
internal sealed class CouplingTracker : IStepObserver
{
    private readonly CouplingMeasure[] _measures;
    private readonly ParticleVectors _reference;
    private readonly Track?[] _tracks;
    private int _referenceStep;

    /// <param name="dimension">d of every process.</param>
    /// <param name="counts">Particles per species, as the processes hold them.</param>
    /// <param name="measures">What to track; <see cref="CopyValues"/> returns one value per measure, in this order.</param>
    public CouplingTracker(int dimension, IReadOnlyList<int> counts, IReadOnlyList<CouplingMeasure> measures)
    {
        if (measures.Count == 0) throw new ArgumentException("at least one coupling measure", nameof(measures));
        _measures = measures.ToArray();
        foreach (var m in _measures)
            if (m.Process < 1) throw new ArgumentException($"a coupling measure compares process 0 with a coupled process 1, 2, …; found {m.Process}");
        _reference = new ParticleVectors(dimension, counts);
        _tracks = new Track?[_measures.Max(m => m.Process) + 1];
        foreach (var m in _measures)
        {
            var track = _tracks[m.Process] ??= new Track(counts.Count, _reference.Total);
            if (m.Kind == CouplingKind.SupSquareAveraged) track.PerParticle = true;
        }
        Reset();
    }

    public IReadOnlyList<CouplingMeasure> Measures => _measures;

    /// <summary>Forgets everything seen: ready for a new realisation, from its step 0.</summary>
    public void Reset()
    {
        _referenceStep = -1;
        foreach (var track in _tracks)
        {
            if (track is null) continue;
            Array.Clear(track.SpeciesMax);
            Array.Clear(track.ParticleMax);
            track.Step = -1;
        }
    }

    /// <summary>Every step: a sup over time must see them all.</summary>
    public bool Wants(int step) => true;

    /// <summary>Process 0 is copied as the reference of <paramref name="step"/>; a tracked process updates its suprema.</summary>
    public void Observe(int step, double time, int process, ParticleVectors positions)
    {
        if (process == 0)
        {
            if (step != _referenceStep + 1)
                throw new InvalidOperationException($"coupling tracker: step {step} after step {_referenceStep}; every step is needed for a sup over time");
            positions.CopyTo(_reference);
            _referenceStep = step;
            return;
        }
        if (process >= _tracks.Length || _tracks[process] is not { } track) return;
        if (step != _referenceStep || track.Step != step - 1)
            throw new InvalidOperationException($"coupling tracker: process {process} at step {step} needs process 0 at that step first, " +
                $"and itself at step {step - 1} (seen: process 0 at {_referenceStep}, process {process} at {track.Step})");
        Update(track, positions);
        track.Step = step;
    }

    /// <summary>The measures' values at the last step observed, one per measure in the constructor's order.</summary>
    public void CopyValues(Span<double> into)
    {
        if (into.Length < _measures.Length) throw new ArgumentException($"room for {_measures.Length} values", nameof(into));
        for (int m = 0; m < _measures.Length; m++)
        {
            var track = _tracks[_measures[m].Process]!;
            into[m] = _measures[m].Kind switch
            {
                CouplingKind.SupMaxAbs => SumOfRoots(track.SpeciesMax),
                CouplingKind.SupMaxSquare => Sum(track.SpeciesMax),
                _ => AveragedParticleMax(track.ParticleMax),
            };
        }
    }

    private static double SumOfRoots(double[] values)
    {
        double sum = 0.0;
        foreach (double v in values) sum += Math.Sqrt(v);
        return sum;
    }

    private static double Sum(double[] values)
    {
        double sum = 0.0;
        foreach (double v in values) sum += v;
        return sum;
    }

    private double AveragedParticleMax(double[] particleMax)
    {
        double total = 0.0;
        for (int k = 0; k < _reference.SpeciesCount; k++)
        {
            double sum = 0.0;
            for (int i = _reference.Offset(k); i < _reference.End(k); i++) sum += particleMax[i];
            total += sum / _reference.Counts[k];
        }
        return total;
    }

    private void Update(Track track, ParticleVectors positions)
    {
        int d = _reference.Dimension;
        double[][] r = _reference.Axis, x = positions.Axis;
        double[] particleMax = track.ParticleMax;
        bool perParticle = track.PerParticle;
        for (int k = 0; k < _reference.SpeciesCount; k++)
        {
            int i = _reference.Offset(k), end = _reference.End(k);
            var worst = Vector256<double>.Zero;
            for (; i + 4 <= end; i += 4)
            {
                var squared = Vector256<double>.Zero;
                for (int a = 0; a < d; a++)
                {
                    var gap = Vector256.LoadUnsafe(ref x[a][0], (nuint)i) - Vector256.LoadUnsafe(ref r[a][0], (nuint)i);
                    squared += gap * gap;
                }
                worst = Vector256.Max(worst, squared);
                if (perParticle) Vector256.Max(Vector256.LoadUnsafe(ref particleMax[0], (nuint)i), squared).StoreUnsafe(ref particleMax[0], (nuint)i);
            }
            double tail = 0.0;
            for (; i < end; i++)
            {
                double squared = 0.0;
                for (int a = 0; a < d; a++)
                {
                    double gap = x[a][i] - r[a][i];
                    squared += gap * gap;
                }
                tail = Math.Max(tail, squared);
                if (perParticle) particleMax[i] = Math.Max(particleMax[i], squared);
            }
            double max = Math.Max(Math.Max(Math.Max(worst[0], worst[1]), Math.Max(worst[2], worst[3])), tail);
            track.SpeciesMax[k] = Math.Max(track.SpeciesMax[k], max);
        }
    }

    /// <summary>What is kept for one coupled process.</summary>
    private sealed class Track(int species, int particles)
    {
        public double[] SpeciesMax { get; } = new double[species];
        public double[] ParticleMax { get; } = new double[particles];
        public bool PerParticle { get; set; }
        public int Step { get; set; } = -1;
    }
}
