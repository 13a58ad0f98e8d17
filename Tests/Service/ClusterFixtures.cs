using Ensemble.Grains.Hosting;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Grains.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit;

namespace Ensemble.Tests.Service;

/// <summary>A real in-process Orleans cluster (TestingHost) with the Ensemble silo configuration.</summary>
public abstract class ClusterFixture(short silos) : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new TestClusterBuilder(silos);
        builder.AddSiloBuilderConfigurator<EnsembleTestSilo>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class EnsembleTestSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton<IRealisationFaultInjector, JobNameFaults>();
            silo.AddEnsemble(workers: 2);
            silo.AddEnsembleMemoryStorage();
        }
    }
}

public sealed class TwoSiloCluster() : ClusterFixture(2);

public sealed class OneSiloCluster() : ClusterFixture(1);

/// <summary>
/// Faults chosen by the job id, so tests can ask for them without shared mutable state:
/// in a job whose id starts with "faulty-", every fifth realisation throws on its first attempt;
/// in one starting with "stuck-", realisation 0 hangs for 5 s on its first attempt.
/// </summary>
public sealed class JobNameFaults : IRealisationFaultInjector
{
    public async ValueTask BeforeRun(RealisationAssignment assignment)
    {
        if (assignment.JobId.StartsWith("faulty-", StringComparison.Ordinal) && assignment.Index % 5 == 0 && assignment.Attempt == 1)
            throw new InvalidOperationException($"injected infrastructure fault for realisation {assignment.Index}");
        if (assignment.JobId.StartsWith("stuck-", StringComparison.Ordinal) && assignment.Index == 0 && assignment.Attempt == 1)
            await Task.Delay(TimeSpan.FromSeconds(5));
    }
}
