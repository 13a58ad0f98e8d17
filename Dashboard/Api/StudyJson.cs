using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Studies;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Studies;
using MathNet.Numerics.Distributions;

namespace Ensemble.Dashboard.Api;

/// <summary>
/// A study's progress as the list and the page show it: points finished, realisations over all points, the summed throughput
/// of the running points and an ETA from it (the points share the workers, so the remaining realisations over the total rate).
/// Read from the tables (no study grain answered), a running study has no rate now: the saved one is its last checkpoint's.
/// </summary>
public sealed record StudyProgressJson(
    string Id, string Status, bool Finished, bool Live, int Points, int PointsFinished, int Total, int Succeeded, int Failed, double Progress,
    double Throughput, double? EtaSeconds, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Message, string? Host)
{
    public static StudyProgressJson From(StudyStatusReport s, bool live)
    {
        double throughput = s.IsFinished || !live ? 0 : DashboardJson.Finite(s.Throughput) ?? 0;
        double remaining = Math.Max(0, s.Total - s.FractionDone);
        double? eta = s.IsFinished ? null : throughput > 0 ? remaining / throughput : null;
        return new StudyProgressJson(s.StudyId, Name(s.Status), s.IsFinished, live, s.Points.Length, s.PointsFinished, s.Total,
            s.Points.Sum(p => p?.Succeeded ?? 0), s.Failed, s.Total > 0 ? Math.Clamp(s.FractionDone / s.Total, 0, 1) : 0, throughput, eta,
            s.CreatedAt, s.FinishedAt, s.Message, s.Host);
    }

    public static string Name(StudyStatus status) => status.ToString().ToLowerInvariant();
}

public sealed record StudyPageJson(int Page, int Size, int Total, int Pages, StudyProgressJson[] Items);

/// <summary>A parameter's value at a point; <see cref="Tied"/> when it follows another (eps from N) rather than the grid.</summary>
public sealed record ParameterJson(string Name, double Value, bool Tied)
{
    public static ParameterJson From(ParameterValue v) => new(v.Parameter.Name(), v.Value, v.Tied);
}

/// <summary>
/// One grid point: its parameters, its job (a link to the job's page), the job's progress and the R its estimates are over
/// ("pending" before the study has submitted it).
/// </summary>
public sealed record StudyPointJson(
    int Index, string JobId, ParameterJson[] Parameters, string Status, bool Finished, double Progress, int Succeeded, int Failed, int Total,
    long Realisations)
{
    public static StudyPointJson From(StudyPointResult point, JobStatusReport? job) => new(point.Index, point.JobId,
        point.Parameters.Select(ParameterJson.From).ToArray(), job?.Status.ToString().ToLowerInvariant() ?? "pending", job?.IsFinished ?? false,
        job is { Total: > 0 } ? Math.Clamp(job.FractionDone / job.Total, 0, 1) : 0, job?.Succeeded ?? 0, job?.Failed ?? 0, job?.Total ?? 0,
        point.Realisations);
}

/// <summary>A point's fitted estimate ± se with its 95% CI (Student's t with R - 1 degrees of freedom, as the job's estimates), and its floor.</summary>
public sealed record StudyEstimateJson(int Index, long Count, double? Value, double? Se, double? CiLow, double? CiHigh, double? Floor, double? FloorSe)
{
    public static StudyEstimateJson From(PointEstimate e)
    {
        double half = e.Count >= 2 ? StudentT.InvCDF(0.0, 1.0, e.Count - 1, 0.975) * e.StandardError : double.NaN;
        return new StudyEstimateJson(e.Index, e.Count, DashboardJson.Finite(e.Mean), DashboardJson.Finite(e.StandardError),
            DashboardJson.Finite(e.Mean - half), DashboardJson.Finite(e.Mean + half), e.Floor is { } f ? DashboardJson.Finite(f) : null,
            e.FloorStandardError is { } fs ? DashboardJson.Finite(fs) : null);
    }
}

/// <summary>
/// A fitted rate as <see cref="StudyRate"/> holds it: the log-log slope of |estimate| against one parameter (the others fixed),
/// its 95% CI, the intercept of ln|estimate| = intercept + slope ln(parameter), and the fitter's verdict and sentence.
/// </summary>
public sealed record StudyRateJson(
    string Against, ParameterJson[] Fixed, int[] PointIndices, string Description, int Points, double? Slope, double? SlopeSe, double? Lower95,
    double? Upper95, double? Intercept, double? ReducedChiSquare, double?[] PairwiseOrders, RateVerdict Verdict, string Explanation)
{
    public static StudyRateJson From(StudyRate r) => new(r.Against.Name(), r.Fixed.Select(ParameterJson.From).ToArray(), [.. r.PointIndices],
        r.Describe(), r.Fit.Points, DashboardJson.Finite(r.Fit.Slope), DashboardJson.Finite(r.Fit.SlopeStandardError),
        DashboardJson.Finite(r.Fit.Lower95), DashboardJson.Finite(r.Fit.Upper95), DashboardJson.Finite(r.Fit.Intercept),
        DashboardJson.Finite(r.Fit.ReducedChiSquare), r.Fit.PairwiseOrders.Select(DashboardJson.Finite).ToArray(), r.Fit.Verdict, r.Fit.Explanation);
}

/// <summary>One fitted estimate: each point's value and the rates fitted against each grid parameter.</summary>
public sealed record StudyFitJson(
    string Observable, string Species, double Time, string Component, string Label, StudyEstimateJson[] Estimates, StudyRateJson[] Rates)
{
    public static StudyFitJson From(StudyFitResult f) => new(f.Target.Observable, f.Target.Species, f.Target.Time, f.Target.Component,
        f.Target.ToString(), f.Estimates.Select(StudyEstimateJson.From).ToArray(), f.Rates.Select(StudyRateJson.From).ToArray());
}

/// <summary>What every point runs: the base spec's headline numbers, R and the master seed, and the grid's axes with their values.</summary>
public sealed record StudySpecSummaryJson(string Model, int Dimension, double Dt, double Horizon, int Realisations, ulong Seed, StudyAxisJson[] Grid)
{
    public static StudySpecSummaryJson From(string studySpecText)
    {
        var study = StudySpecJson.Parse(studySpecText);
        var spec = SpecJson.Parse(study.BaseSpecJson);
        return new StudySpecSummaryJson(SpecSummaryJson.ModelName(spec), spec.Model.Dimension, spec.Time.Dt, spec.Time.Horizon, study.Realisations,
            study.Seed, study.Grid.Select(a => new StudyAxisJson(a.Parameter.Name(), [.. a.Values])).ToArray());
    }
}

public sealed record StudyAxisJson(string Parameter, double[] Values);

/// <summary>A study's state now: its progress, its points and its fits. The page's first answer and every server-sent update.</summary>
public sealed record StudyUpdateJson(StudyProgressJson Progress, string[] Axes, StudyPointJson[] Points, StudyFitJson[] Fits)
{
    public static StudyUpdateJson From(StudyStatusReport status, StudyResults results, bool live) => new(
        StudyProgressJson.From(status, live), results.Axes.Select(a => a.Name()).ToArray(),
        results.Points.Select(p => StudyPointJson.From(p, status.Points.ElementAtOrDefault(p.Index))).ToArray(),
        results.Fits.Select(StudyFitJson.From).ToArray());
}

/// <summary>GET /api/studies/{id}: what the study runs, and its state now.</summary>
public sealed record StudyDetailJson(StudySpecSummaryJson Spec, StudyUpdateJson Study);
