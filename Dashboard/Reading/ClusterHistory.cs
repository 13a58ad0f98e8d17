using Ensemble.Dashboard.Api;

namespace Ensemble.Dashboard.Reading;

/// <summary>
/// The operations chart's data: one sample per read of the cluster (at most one a second, see the endpoint's cache), kept for
/// <paramref name="window"/>. Throughput is what the jobs finished between two samples over the time between them, so it is
/// the rate now, not the average since each job's start; a job is remembered by its done count until it leaves the list.
/// </summary>
public sealed class ClusterHistory(TimeSpan window)
{
    private readonly Queue<OperationsSampleJson> _samples = new();
    private Dictionary<string, int> _done = new(StringComparer.Ordinal);
    private DateTimeOffset? _last;

    /// <summary>A sample; <paramref name="jobs"/> null when the jobs could not be read this time (no in-flight count or throughput then).</summary>
    public OperationsSampleJson Add(DateTimeOffset at, int realisations, int inFlight, IEnumerable<(string JobId, int Done)>? jobs)
    {
        if (jobs is null) return Keep(new OperationsSampleJson(at, realisations, null, null));
        var done = new Dictionary<string, int>(StringComparer.Ordinal);
        long finished = 0;
        foreach (var (id, count) in jobs)
        {
            done[id] = count;
            // A job seen for the first time counts from here on: its earlier work is not this interval's.
            if (_done.TryGetValue(id, out int before)) finished += Math.Max(0, count - before);
        }
        double? throughput = _last is { } last && at > last ? finished / (at - last).TotalSeconds : null;
        _done = done;
        _last = at;
        return Keep(new OperationsSampleJson(at, realisations, inFlight, throughput));
    }

    private OperationsSampleJson Keep(OperationsSampleJson sample)
    {
        _samples.Enqueue(sample);
        while (_samples.Count > 0 && sample.At - _samples.Peek().At > window) _samples.Dequeue();
        return sample;
    }

    public OperationsSampleJson[] Samples() => [.. _samples];
}
