using Ensemble.Grains.Failover;
using Ensemble.Grains.Placement;
using Ensemble.Grains.Runtime;
using Ensemble.Jobs.Budgets;
using Ensemble.Jobs.Checkpoints;
using Ensemble.Jobs.Partials;
using Ensemble.Jobs.Studies;
using Ensemble.Jobs.Submissions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Ensemble.Grains.Hosting;

/// <summary>What every Ensemble silo needs, whichever host (Silo process, embedded run, tests).</summary>
public static class EnsembleSiloBuilderExtensions
{
    /// <summary>
    /// Worker pool, spec cache, fault seam, the service's options (bound from
    /// <paramref name="configuration"/> when given, validated at start-up) and message timeouts
    /// long enough for long realisations. <paramref name="workers"/>, when given, wins over the
    /// configured <c>Ensemble:Workers:Workers</c>.
    /// </summary>
    public static ISiloBuilder AddEnsemble(this ISiloBuilder silo, int? workers = null, IConfiguration? configuration = null)
    {
        var services = silo.Services;
        services.AddEnsembleOptions<SimulationWorkerOptions, SimulationWorkerOptionsValidator>(SimulationWorkerOptions.Section, configuration)
            .PostConfigure(o => o.Workers = workers ?? o.Workers);
        services.AddEnsembleOptions<CheckpointOptions, CheckpointOptionsValidator>(CheckpointOptions.Section, configuration);
        services.AddEnsembleOptions<DispatchOptions, DispatchOptionsValidator>(DispatchOptions.Section, configuration);
        services.AddEnsembleOptions<PartialOptions, PartialOptionsValidator>(PartialOptions.Section, configuration);
        services.AddEnsembleOptions<BudgetOptions, BudgetOptionsValidator>(BudgetOptions.Section, configuration);
        services.AddEnsembleOptions<JobResumeOptions, JobResumeOptionsValidator>(JobResumeOptions.Section, configuration);
        // Failure detection is a deployment choice too (Orleans:Membership:ProbeTimeout and so on).
        if (configuration is not null) services.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
        // No database driver's exception crosses the wire (see WireSafeExceptions).
        silo.AddIncomingGrainCallFilter<WireSafeExceptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStudyStore, NoStudyTables>();
        services.AddSingleton<SimulationWorkerPool>();
        services.AddSingleton<SiloRealisations>();
        // The operations page asks each silo for its own workload (SiloWorkloadGrain), placed on the silo its key names.
        services.AddPlacementDirector<NamedSiloPlacement, NamedSiloPlacementDirector>();
        // Grain-level detail for the web dashboard's /orleans (Microsoft.Orleans.Dashboard): its grains, per-silo service and
        // call profiler live on every silo; the web side that serves its page is mapped by DashboardServer.
        silo.AddDashboard();
        services.AddSingleton<CompiledSpecCache>();
        services.TryAddSingleton<IRealisationFaultInjector, NoFaults>();
        services.TryAddSingleton<IRealisationTrace, NoTrace>();
        // A job whose coordinator's silo is declared dead resumes at once, not at its next reminder tick.
        services.TryAddSingleton<IUnfinishedJobs, RegisteredJobs>();
        services.AddSingleton<CoordinatorFailover>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<CoordinatorFailover>());
        // Reminders may come faster than Orleans' one-minute floor when a deployment asks for it.
        services.AddOptions<ReminderOptions>().Configure<IOptions<JobResumeOptions>>((reminders, resume) =>
        {
            if (resume.Value.ResumePeriod < reminders.MinimumReminderPeriod) reminders.MinimumReminderPeriod = resume.Value.ResumePeriod;
        });
        // A realisation may legitimately take long; the coordinator applies the job's own timeout.
        services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromHours(6));
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

    /// <summary>Options of one section: bound from configuration if there is one, checked by their validator when the host starts.</summary>
    internal static OptionsBuilder<TOptions> AddEnsembleOptions<TOptions, TValidator>(this IServiceCollection services, string section,
        IConfiguration? configuration)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        var options = services.AddOptions<TOptions>();
        if (configuration is not null) options.Bind(configuration.GetSection(section));
        return options.ValidateOnStart();
    }
}
