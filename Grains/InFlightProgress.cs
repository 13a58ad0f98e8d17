using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Grains;

/// <summary>
/// The attempts a coordinator has in flight, and how far they have got inside themselves: asked
/// of each attempt's grain at most once a second when someone reads the status, so a job of a
/// few long realisations shows steps progress and an ETA instead of "0/1". Used only on the
/// coordinator's scheduler (single-threaded), hence no locks.
/// </summary>
internal sealed class InFlightProgress(IGrainFactory grains, string jobId, TimeProvider time)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private readonly Dictionary<(uint Index, int Attempt), IRealisationGrain> _running = [];
    private DateTimeOffset _polled = DateTimeOffset.MinValue;
    private long _stepsDone;
    private long _stepsPerRealisation;

    public IRealisationGrain Started(uint index, int attempt)
    {
        var grain = grains.GetGrain<IRealisationGrain>($"{jobId}/{index}/{attempt}");
        _running[(index, attempt)] = grain;
        return grain;
    }

    public void Ended(uint index, int attempt) => _running.Remove((index, attempt));

    /// <summary>The report with the in-flight steps and, from them, a fractional ETA.</summary>
    public async Task<JobStatusReport> Add(JobStatusReport report)
    {
        if (report.IsFinished) return report;
        var now = time.GetUtcNow();
        if (now - _polled >= PollEvery)
        {
            _polled = now;
            await Poll();
        }
        var withSteps = report with { InFlightStepsDone = _running.Count == 0 ? 0 : _stepsDone, StepsPerRealisation = _stepsPerRealisation };
        double fraction = withSteps.FractionDone;
        if (report.Status != JobStatus.Running || report.StartedAt is not { } start || fraction <= 0) return withSteps;
        double elapsed = (now - start).TotalSeconds;
        return withSteps with { EstimatedRemaining = TimeSpan.FromSeconds(Math.Max(0, report.Total - fraction) * elapsed / fraction) };
    }

    private async Task Poll()
    {
        var asked = _running.Values.Select(g => g.Progress().WaitAsync(Patience)).ToArray();
        long done = 0;
        foreach (var answer in asked)
        {
            try
            {
                var progress = await answer;
                done += progress.StepsDone;
                if (progress.StepsTotal > 0) _stepsPerRealisation = progress.StepsTotal;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
            {
                // A busy or departed silo: its attempt counts as no steps this time.
            }
        }
        _stepsDone = done;
    }
}
