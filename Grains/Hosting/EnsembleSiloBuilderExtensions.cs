using Ensemble.Grains.Jobs;
using Ensemble.Grains.Persistence;
using Ensemble.Grains.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace Ensemble.Grains;

/// <summary>What every Ensemble silo needs, whichever host (Silo process, embedded run, tests).</summary>
public static class EnsembleSiloBuilderExtensions
{
    /// <summary>Worker pool, spec cache, fault seam and message timeouts long enough for long realisations.</summary>
    public static ISiloBuilder AddEnsemble(this ISiloBuilder silo, int? workers = null)
    {
        silo.Services.Configure<SimulationWorkerOptions>(o => o.Workers = workers ?? Environment.ProcessorCount);
        silo.Services.AddSingleton<SimulationWorkerPool>();
        silo.Services.AddSingleton<CompiledSpecCache>();
        silo.Services.TryAddSingleton<IRealisationFaultInjector, NoFaults>();
        silo.Services.TryAddSingleton<IRealisationTrace, NoTrace>();
        silo.Services.AddOptions<JobResumeOptions>();
        // Reminders may come faster than Orleans' one-minute floor when a deployment asks for it.
        silo.Services.AddOptions<ReminderOptions>().Configure<Microsoft.Extensions.Options.IOptions<JobResumeOptions>>((reminders, resume) =>
        {
            if (resume.Value.ResumePeriod < reminders.MinimumReminderPeriod) reminders.MinimumReminderPeriod = resume.Value.ResumePeriod;
        });
        // A realisation may legitimately take long; the coordinator applies the job's own timeout.
        silo.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromHours(6));
        return silo;
    }

    /// <summary>The embedded default: grain state, books and reminders in memory.</summary>
    public static ISiloBuilder AddEnsembleMemoryStorage(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(EnsembleStorage.Jobs);
        silo.UseInMemoryReminderService();
        silo.Services.TryAddSingleton<IJobBookStore, GrainStateBookStore>();
        return silo;
    }
}
