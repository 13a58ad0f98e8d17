using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Grains.Runtime;

/// <summary>
/// Called once per computed realisation, on the silo that computed it. The default does nothing;
/// <c>Ensemble:TraceRealisations=true</c> writes one line per computation to standard output
/// (unbuffered, so the record survives a silo killed the next instant). Used to audit how much
/// work a crash cost: a realisation computed on two silos was computed twice.
/// </summary>
public interface IRealisationTrace
{
    void Computed(RealisationAssignment assignment, RealisationReport report);

    /// <summary>Its observables were offered to the silo's partial sums: <paramref name="held"/> if they stay there.</summary>
    void Held(RealisationAssignment assignment, bool held);
}

public sealed class NoTrace : IRealisationTrace
{
    public void Computed(RealisationAssignment assignment, RealisationReport report)
    {
    }

    public void Held(RealisationAssignment assignment, bool held)
    {
    }
}

public sealed class ConsoleRealisationTrace : IRealisationTrace
{
    public const string Prefix = "realisation-computed";
    public const string HeldPrefix = "realisation-held";

    public void Computed(RealisationAssignment assignment, RealisationReport report) =>
        Console.Out.WriteLine($"{Prefix} job={assignment.JobId} index={assignment.Index} attempt={assignment.Attempt} silo={report.Silo}");

    public void Held(RealisationAssignment assignment, bool held) =>
        Console.Out.WriteLine($"{HeldPrefix} job={assignment.JobId} index={assignment.Index} attempt={assignment.Attempt} held={held}");
}
