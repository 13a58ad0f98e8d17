using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Grains.Runtime;

/// <summary>
/// A seam for fault-injection tests: called by a realisation grain before it computes. The default
/// does nothing; a test registers one that throws, to prove retries count a realisation once.
/// </summary>
public interface IRealisationFaultInjector
{
    ValueTask BeforeRun(RealisationAssignment assignment);
}

public sealed class NoFaults : IRealisationFaultInjector
{
    public ValueTask BeforeRun(RealisationAssignment assignment) => ValueTask.CompletedTask;
}
