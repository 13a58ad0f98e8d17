using System.Reflection;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Dashboard.Api;

/// <summary>A job's progress as the page shows it: counts, a fraction done, throughput and ETA in seconds.</summary>
public sealed record JobProgressJson(
    string Id, string? Name, string? Model, string Status, bool Finished, bool Live, int Total, int Succeeded, int Failed, int InFlight,
    int AwaitingCollection, int Abandoned, long Retries, double Progress, double Throughput, double? EtaSeconds, DateTimeOffset? SubmittedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, DateTimeOffset? LastCheckpointAt, int? StoppedAt, string? Message, string? Coordinator)
{
    public static JobProgressJson From(JobStatusReport s, bool live, string? model = null, DateTimeOffset? submittedAt = null) => new(
        s.JobId, s.Name, model, s.Status.ToString().ToLowerInvariant(), s.IsFinished, live, s.Total, s.Succeeded, s.Failed, s.InFlight,
        s.AwaitingCollection, s.Abandoned, s.Retries, s.Total > 0 ? Math.Clamp(s.FractionDone / s.Total, 0, 1) : 0, DashboardJson.Finite(s.Throughput) ?? 0,
        s.EstimatedRemaining?.TotalSeconds, submittedAt, s.StartedAt, s.FinishedAt, s.LastCheckpointAt, s.StoppedAt, s.Message, s.Coordinator);
}

/// <summary>What a job computes: the spec's headline numbers and the job's identity (master seed, R).</summary>
public sealed record SpecSummaryJson(
    string Model, int Dimension, SpeciesJson[] Species, double Dt, double Horizon, long Steps, IReadOnlyList<double>? OutputTimes,
    ulong MasterSeed, int Realisations, string CodeVersion, bool HasLimit, bool HasStopRule, HistogramJson? Histogram)
{
    /// <summary>
    /// The version of the code serving the page, not the job's: a job records none of its own (its checksums pin the bits), so the
    /// page labels it "served by code version".
    /// </summary>
    public static string ServingCodeVersion { get; } =
        typeof(SimulationSpec).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static SpecSummaryJson From(JobDefinition definition)
    {
        var spec = SpecJson.Parse(definition.SpecJson);
        var species = spec.Model.AllSpecies().Select((s, k) => new SpeciesJson(s.Name ?? k.ToString(), s.Particles)).ToArray();
        return new SpecSummaryJson(ModelName(spec), spec.Model.Dimension, species, spec.Time.Dt, spec.Time.Horizon,
            (long)Math.Round(spec.Time.Horizon / spec.Time.Dt), spec.Time.OutputTimes, definition.MasterSeed, definition.Realisations,
            ServingCodeVersion, spec.Limit is not null, spec.Stop is not null,
            spec.Observables?.Histogram is { } h ? new HistogramJson([.. h.Lower], [.. h.Upper], [.. h.Bins]) : null);
    }

    public static string ModelName(SimulationSpec spec) => spec.Model is PairwiseModelSpec ? "pairwise" : "pressure";
}

public sealed record SpeciesJson(string Name, int Particles);

/// <summary>The spec's histogram: its box [Lower, Upper] and bins per axis (bin{i} numbers x fastest).</summary>
public sealed record HistogramJson(double[] Lower, double[] Upper, int[] Bins);

/// <summary>One estimate: mean, standard error and 95% CI over <see cref="Count"/> realisations (R).</summary>
public sealed record EstimateJson(
    string Observable, string Species, double Time, string Component, long Count, double? Mean, double? Se, double? CiLow, double? CiHigh)
{
    public static EstimateJson From(EstimateRow row) => new(row.Observable, row.Species, row.Time, row.Component, row.Count,
        DashboardJson.Finite(row.Mean), DashboardJson.Finite(row.StandardError), DashboardJson.Finite(row.CiLow), DashboardJson.Finite(row.CiHigh));
}

/// <summary>Estimates matching a query, at most <c>limit</c> rows (<see cref="Truncated"/> says when more matched).</summary>
public sealed record EstimatesJson(string JobId, bool Partial, string Status, long Realisations, int Matched, bool Truncated, EstimateJson[] Rows);

/// <summary>One realisation's record as the table shows it.</summary>
public sealed record RealisationJson(uint Seed, string Status, int Attempts, string? Silo, double? Milliseconds, string? Checksum, string? FailureReason)
{
    public static RealisationJson From(RealisationRecord r) => new(r.Index, r.State.ToString().ToLowerInvariant(), r.Attempts, r.Silo,
        r.Milliseconds, r.State == RealisationState.Succeeded ? Simulation.Observables.StateChecksum.Format(r.Checksum) : null, r.FailureReason);
}

public sealed record RealisationPageJson(string JobId, int Page, int Size, int Total, int Pages, RealisationJson[] Items);

public sealed record JobPageJson(int Page, int Size, int Total, int Pages, JobProgressJson[] Items);

/// <summary>The "se vs R" data: one estimate's se over prefixes of seeds, and with a stop rule how far its target is (<see cref="Stop"/>).</summary>
public sealed record ConvergenceJson(
    string Observable, string Species, double Time, string Component, double? TargetSe, ConvergencePointJson[] Points, StopEtaJson? Stop = null)
{
    /// <param name="status">The job's progress now, for the stop rule's ETA (null: no ETA).</param>
    public static ConvergenceJson? From(PrefixHistory? history, JobStatusReport? status = null) => history is null ? null : new(history.Observable,
        history.Species, history.Time, history.Component, history.TargetSe,
        history.Points.Select(p => new ConvergencePointJson(p.Realisations, p.Count, DashboardJson.Finite(p.Mean), DashboardJson.Finite(p.StandardError)))
            .ToArray(),
        status is null ? null : StopEtaJson.From(history, status));
}

public sealed record ConvergencePointJson(int Realisations, long Count, double? Mean, double? Se);

/// <summary>A job's page header: its progress, what it computes, and its convergence so far.</summary>
public sealed record JobDetailJson(JobProgressJson Progress, SpecSummaryJson Spec, EstimateChoicesJson Choices, ConvergenceJson? Convergence);

/// <summary>What the page may ask the estimates for: each observable with its components, the species and the output times.</summary>
public sealed record EstimateChoicesJson(ObservableChoiceJson[] Observables, string[] Species, double[] Times)
{
    /// <summary>The output time asked for (matched as the estimates match times), else the last; 400 naming "time" otherwise.</summary>
    public double OutputTime(double? asked)
    {
        if (Times.Length == 0) throw new BadParameterException("time", "an output time of the job (it has no estimates yet)", asked?.ToString("R"));
        if (asked is not { } t) return Times[^1];
        foreach (double known in Times)
            if (Simulation.Limits.Reporting.ParticleLimitComparison.SameTime(known, t)) return known;
        throw new BadParameterException("time", $"an output time of the job ({string.Join(", ", Times.Select(x => x.ToString("G6")))})", t.ToString("R"));
    }

    /// <summary>The species by name, without the "all" of observables that span every species.</summary>
    public string[] SpeciesOnly() => Species.Where(s => s != "all").ToArray();

    private const int MaxComponents = 100;

    public static EstimateChoicesJson From(IReadOnlyList<EstimateRow> rows) => new(
        rows.GroupBy(r => r.Observable)
            .Select(g => new ObservableChoiceJson(g.Key, g.Select(r => r.Component).Distinct().Take(MaxComponents).ToArray()))
            .ToArray(),
        rows.Select(r => r.Species).Distinct().ToArray(),
        rows.Select(r => r.Time).Distinct().Order().ToArray());
}

public sealed record ObservableChoiceJson(string Name, string[] Components);

/// <summary>One server-sent update: progress, the chosen estimates and the convergence data.</summary>
public sealed record JobUpdateJson(JobProgressJson Progress, EstimatesJson Estimates, ConvergenceJson? Convergence);

/// <summary>The verdict of a rerun on a silo.</summary>
public sealed record RerunJson(string JobId, uint Seed, string Verdict, bool? Reproduced, string Explanation, string Silo, double Milliseconds);
