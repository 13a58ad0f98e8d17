using System.Diagnostics;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Grains.Runtime;
using Ensemble.Simulation.Engine;
using Orleans.Concurrency;

namespace Ensemble.Grains;

/// <summary>
/// Computes one realisation on the silo's <see cref="SimulationWorkerPool"/> (off the grain
/// scheduler), flattens its observables for the job's accumulator and deactivates once it has
/// answered, so activations do not pile up over a job.
/// </summary>
public sealed class RealisationGrain(
    SimulationWorkerPool workers,
    CompiledSpecCache specs,
    IRealisationFaultInjector faults,
    IRealisationTrace trace,
    SiloRealisations running,
    ILocalSiloDetails silo) : Grain, IRealisationGrain
{
    private StepCounter? _steps;

    public async Task<RealisationReport> Run(RealisationAssignment assignment, CancellationToken cancellation = default)
    {
        running.Started();
        try
        {
            await faults.BeforeRun(assignment);
            var compiled = specs.Get(assignment.SpecJson);
            var seed = new RealisationSeed(assignment.MasterSeed, assignment.Index);
            var steps = _steps = new StepCounter();
            // Built once per spec on this silo; for a spec with a limit, after the limit is solved.
            var simulator = await compiled.SimulatorAsync(workers);
            var report = await workers.Run(() =>
            {
                var clock = Stopwatch.StartNew();
                var result = simulator.Run(seed, new RunOptions { Cancellation = cancellation, Progress = steps });
                var (flattened, failure) = compiled.Layout.Prepare(result);
                return new RealisationReport(assignment.Index, flattened is not null, result.Checksum, flattened,
                    failure, silo.SiloAddress.ToString(), clock.Elapsed.TotalMilliseconds);
            }, cancellation);
            trace.Computed(assignment, report);
            return assignment.HoldObservables && report.Observables is { } observables ? await Hold(assignment, report, observables) : report;
        }
        finally
        {
            running.Ended();
            _steps = null;
            DeactivateOnIdle();
        }
    }

    /// <summary>The observables stay on this silo, in the job's partial sums; the coordinator gets the small report (and the prefix value).</summary>
    private async Task<RealisationReport> Hold(RealisationAssignment assignment, RealisationReport report, double[] observables)
    {
        var partial = GrainFactory.GetGrain<IPartialSumsGrain>(IPartialSumsGrain.Key(assignment.JobId, report.Silo));
        bool held = await partial.Hold(assignment.SpecJson, assignment.Index, new Immutable<double[]>(observables));
        trace.Held(assignment, held);
        if (!held) return report;
        return report with
        {
            Observables = null,
            Held = true,
            TargetValue = assignment.TargetIndex is { } target ? observables[target] : null,
        };
    }

    public Task<RealisationProgress> Progress()
    {
        // Asked after the run ended (or of an attempt never started here): nothing to keep alive for.
        if (_steps is not { } steps)
        {
            DeactivateOnIdle();
            return Task.FromResult(RealisationProgress.None);
        }
        return Task.FromResult(new RealisationProgress(steps.Done, steps.Total));
    }
}
