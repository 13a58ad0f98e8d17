using System.Collections.Concurrent;

namespace Ensemble.Dashboard.Api;

/// <summary>
/// One update per job and filter per interval, shared by every client watching it: ten pages open on a job cost the cluster the
/// queries of one. An entry is reused while younger than the interval and dropped when older than a minute.
/// </summary>
public sealed class UpdateCache(TimeSpan freshFor)
{
    public sealed record Update(string Json, bool Finished);

    private readonly ConcurrentDictionary<string, (DateTime At, Task<Update> Update)> _entries = new(StringComparer.Ordinal);

    public Task<Update> GetAsync(string key, Func<Task<Update>> compute)
    {
        var now = DateTime.UtcNow;
        if (_entries.TryGetValue(key, out var entry) && now - entry.At < freshFor && !entry.Update.IsFaulted) return entry.Update;
        var fresh = compute();
        _entries[key] = (now, fresh);
        if (_entries.Count > 1000) Sweep(now);
        return fresh;
    }

    private void Sweep(DateTime now)
    {
        foreach (var (key, entry) in _entries)
            if (now - entry.At > TimeSpan.FromMinutes(1)) _entries.TryRemove(key, out _);
    }
}
