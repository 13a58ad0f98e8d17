using Ensemble.Jobs.Contracts;

namespace Ensemble.Dashboard.Api;

/// <summary>
/// How far a stop rule's target is: the target se (the rule's <c>targetSe</c>, or its <c>relativeSe</c> times |mean|), the se at
/// the latest prefix of <see cref="AtRealisations"/> seeds, and, until it is reached, the R' where the target would be met if
/// se ∝ R^-1/2 (se_now · √(R_now / R') = target, so R' = R_now (se_now / target)², at least the rule's minimum, capped at the job's
/// R, <see cref="Capped"/> then) and the seconds to get there at the job's throughput: (R' − done) / throughput.
/// </summary>
public sealed record StopEtaJson(double? TargetSe, double? CurrentSe, int? AtRealisations, bool Reached, int? StoppedAt, int? NeededRealisations,
    bool Capped, double? EtaSeconds)
{
    public static StopEtaJson? From(PrefixHistory history, JobStatusReport status)
    {
        if (history.TargetSe is null && history.RelativeSe is null) return null;
        var last = history.Points.LastOrDefault(p => p.Count >= 2 && double.IsFinite(p.StandardError) && double.IsFinite(p.Mean));
        double? target = history.TargetSe ?? (last is null ? null : history.RelativeSe * Math.Abs(last.Mean));
        int? stopped = history.StoppedAt ?? status.StoppedAt;
        if (last is null || target is not { } goal)
            return new(target is { } t && double.IsFinite(t) ? t : null, null, null, stopped is not null, stopped, null, false, null);
        double se = last.StandardError;
        if (stopped is not null || se <= goal) return new(goal, se, last.Realisations, true, stopped, stopped ?? last.Realisations, false, 0);
        double wanted = goal > 0 ? last.Realisations * (se / goal) * (se / goal) : double.PositiveInfinity;
        wanted = Math.Max(wanted, history.MinRealisations ?? 0);
        bool capped = !(wanted < history.Realisations);
        int needed = capped ? history.Realisations : (int)Math.Ceiling(wanted);
        double remaining = Math.Max(0, needed - Math.Max(status.Done, last.Realisations));
        double? eta = status.Throughput > 0 ? remaining / status.Throughput : null;
        return new(goal, se, last.Realisations, false, null, needed, capped, eta);
    }
}
