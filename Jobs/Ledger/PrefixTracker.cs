using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Jobs.Ledger;

/// <summary>
/// Follows one estimate (<see cref="PrefixTarget"/>) over prefixes of seeds: seed r is folded once
/// every seed below r has been (its value, or nothing for a failed or abandoned seed), so the fold at
/// frontier n is that of seeds 0 .. n - 1 whatever order they completed in; values of seeds ahead of
/// the frontier wait here (a double each). At n = 8, 16, 32, ... and at the end it records a
/// <see cref="PrefixPoint"/>; with a stop rule it stops at the first n that meets the target (R').
/// </summary>
/// <remarks>
/// With a stop rule the ledger folds its accumulator in the same seed order (see
/// <see cref="JobLedger"/>), so the job's estimates are exactly those of the prefix R'. The tracker is
/// saved with each checkpoint (<see cref="Save"/>), in the same write as the books, so frontier, sums
/// and points always agree with what the books record. Seeds ahead of the frontier are saved only
/// without a stop rule: there the books have recorded them (they will not be computed again); with one
/// the books record a seed only once the frontier passes it, so a restart computes them again.
/// Not thread-safe.
/// </remarks>
public sealed class PrefixTracker
{
    /// <summary>The first point of the history; smaller prefixes say little about the se.</summary>
    public const int FirstPoint = 8;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly Dictionary<uint, double?> _ahead = [];
    private readonly List<PrefixPoint> _points = [];
    private ScalarSums _sums = new();

    public PrefixTracker(PrefixTarget target, int total)
    {
        Target = target;
        Total = total;
    }

    public PrefixTarget Target { get; }

    /// <summary>The job's R.</summary>
    public int Total { get; }

    /// <summary>Seeds 0 .. Frontier - 1 are folded.</summary>
    public int Frontier { get; private set; }

    /// <summary>R', once the stop rule's target was met; nothing is folded after it.</summary>
    public int? StoppedAt { get; private set; }

    public bool IsStopped => StoppedAt is not null;

    /// <summary>With a stop rule the ledger folds in seed order too.</summary>
    public bool Ordered => Target.Rule is not null;

    public IReadOnlyList<PrefixPoint> Points => _points;

    /// <summary>The seed is folded or waiting for a lower one.</summary>
    public bool Knows(uint index) => index < Frontier || _ahead.ContainsKey(index);

    /// <summary>
    /// The outcome of seed <paramref name="index"/>: its value of the target, or null for a seed with
    /// none (failed, abandoned). Ignored for a seed already known, beyond R, or after the stop.
    /// </summary>
    public void Offer(uint index, double? value)
    {
        if (IsStopped || index >= Total || Knows(index)) return;
        _ahead[index] = value;
        while (!IsStopped && _ahead.Remove((uint)Frontier, out double? next)) Advance(next);
    }

    /// <summary>The job ended (a cancelled one short of R): the history gets its last point at the frontier.</summary>
    public void Finish()
    {
        if (Frontier > 0) RecordPoint();
    }

    public PrefixPoint Current
    {
        get
        {
            var (mean, se) = _sums.Estimate();
            return new PrefixPoint(Frontier, _sums.Count, mean, se);
        }
    }

    public PrefixHistory History(string jobId) => new(jobId, Target.Observable, Target.Species, Target.Time, Target.Component,
        Target.Rule?.TargetSe, Target.Rule?.RelativeSe, Target.Rule?.MinRealisations, Total, Frontier, StoppedAt, [.. _points]);

    private void Advance(double? value)
    {
        if (value is { } x) _sums.Add(x);
        Frontier++;
        if (Frontier == Total || (Frontier >= FirstPoint && BitOperations.IsPow2(Frontier))) RecordPoint();
        var now = Current;
        if (!Target.Meets(Frontier, now.Count, now.Mean, now.StandardError)) return;
        StoppedAt = Frontier;
        _ahead.Clear();
        RecordPoint();
    }

    private void RecordPoint()
    {
        if (_points.Count > 0 && _points[^1].Realisations == Frontier) return;
        _points.Add(Current);
    }

    /// <summary>The tracker as JSON (plain numbers, no type names), saved with the books.</summary>
    public string Save()
    {
        var (sum, squares) = _sums.ToState();
        var ahead = Ordered ? [] : _ahead.OrderBy(a => a.Key).ToArray();
        return JsonSerializer.Serialize(new PrefixState(Frontier, _sums.Count, sum, squares, StoppedAt,
            ahead.Select(a => a.Key).ToArray(), ahead.Select(a => a.Value).ToArray(), [.. _points]), Json);
    }

    /// <summary>
    /// The tracker of a job of <paramref name="total"/> seeds: restored from <paramref name="saved"/>, or new
    /// when nothing was saved and no seed is recorded yet; null when the books hold seeds but no tracker
    /// (a job begun before trackers existed), whose history cannot be rebuilt.
    /// </summary>
    public static PrefixTracker? Restore(SimulationSpec spec, int total, string? saved, JobBooks books)
    {
        var tracker = new PrefixTracker(PrefixTarget.Of(spec), total);
        if (saved is null) return books.States.AsSpan().IndexOfAnyExcept((byte)RealisationState.Pending) < 0 ? tracker : null;
        var state = JsonSerializer.Deserialize<PrefixState>(saved, Json) ?? throw new ArgumentException("an empty prefix tracker state", nameof(saved));
        if (state.Frontier < 0 || state.Frontier > total || state.AheadIndices.Length != state.AheadValues.Length)
            throw new ArgumentException($"a prefix tracker state of frontier {state.Frontier} for a job of {total} seeds", nameof(saved));
        tracker._sums = ScalarSums.FromState(state.Sum, state.SumOfSquares, state.Count);
        tracker.Frontier = state.Frontier;
        tracker.StoppedAt = state.StoppedAt;
        tracker._points.AddRange(state.Points);
        for (int i = 0; i < state.AheadIndices.Length; i++) tracker._ahead[state.AheadIndices[i]] = state.AheadValues[i];
        return tracker;
    }

    private sealed record PrefixState(int Frontier, long Count, ExactSumState Sum, ExactSumState SumOfSquares, int? StoppedAt,
        uint[] AheadIndices, double?[] AheadValues, PrefixPoint[] Points);
}
