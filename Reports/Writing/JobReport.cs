using System.Globalization;
using System.Text;
using Ensemble.Reports.Data;
using Ensemble.Reports.Rendering;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Reports.Writing;

/// <summary>
/// Writes a job's report folder: density snapshots, moments over time (CI and spread of realisations as separate
/// bands), the standard error against R, and report.md with the job, a sentence per figure, the estimates with their
/// CIs and the spec.
/// </summary>
public static class JobReport
{
    /// <summary>Estimates too numerous for a table (one per bin or tagged slot): they are the figures' data instead.</summary>
    private static readonly string[] Untabulated = ["histogram", "histogram_outside", "limit_histogram", "tagged_pair_histogram", "tagged_position"];

    public static ReportFolder Write(string path, JobReportInput job)
    {
        var folder = new ReportFolder(path);
        var spec = SpecJson.Parse(job.SpecText);
        string[] species = spec.Model.AllSpecies().Select((s, k) => s.Name ?? k.ToString(CultureInfo.InvariantCulture)).ToArray();
        double[] times = job.Estimates.Select(r => r.Time).Distinct().Order().ToArray();
        var notes = new List<string>();
        if (job.ReplayNote is { } replay) notes.Add(char.ToUpperInvariant(replay[0]) + replay[1..] + ".");
        Densities(folder, job, spec, species, times, notes);
        Moments(folder, job, spec, species);
        StandardErrors(folder, job, notes);
        folder.WriteMarkdown(Markdown(job, folder, notes));
        return folder;
    }

    private static void Densities(ReportFolder folder, JobReportInput job, SimulationSpec spec, string[] species, double[] times, List<string> notes)
    {
        if (spec.Observables?.Histogram is not { } histogram)
        {
            notes.Add("No density snapshots: the spec has no `observables.histogram`.");
            return;
        }
        int bins = histogram.Bins.Aggregate(1, (p, b) => p * b);
        int d = spec.Model.Dimension;
        if (d > 2)
        {
            notes.Add("No density snapshots: they are drawn for d = 1 and 2 only.");
            return;
        }
        foreach (double time in times)
        {
            var slices = species.Select(s => HistogramSlice.From(job.Estimates, s, time, bins)).OfType<HistogramSlice>().ToArray();
            if (slices.Length == 0) continue;
            string t = Text(time);
            if (d == 1)
            {
                string file = folder.Add($"density-t{Text(time)}", $"Density at t = {t}",
                    $"The ensemble-averaged histogram of each species at t = {t} (solid, over R = {job.Realisations} realisations) with its 95% CI "
                    + "as a band, against each PDE's density (dashed: nonlocal, dotted: local) where the job has a limit.");
                DensityFigures.Render1D(file, time, slices, histogram, job.Limit);
                continue;
            }
            foreach (var slice in slices)
            {
                string? equation = job.Limit.Diagnostics.Select(x => x.Equation)
                    .FirstOrDefault(e => HistogramSlice.Limit(job.Estimates, e, slice.Species, time, bins) is not null);
                double[]? pde = equation is null ? null : HistogramSlice.Limit(job.Estimates, equation, slice.Species, time, bins);
                string sentence = pde is null
                    ? $"The ensemble-averaged histogram of {slice.Species} at t = {t} over R = {job.Realisations} realisations "
                      + "(the job has no limit to compare with)."
                    : $"Left: the ensemble-averaged histogram of {slice.Species} at t = {t} over R = {job.Realisations} realisations; middle: the "
                      + $"{equation} PDE's averages over the same bins, on the same colour scale; right: particles − PDE. {Worst(slice, pde)}";
                string file = folder.Add($"density-{ReportFolder.Safe(slice.Species)}-t{t}", $"Density of {slice.Species} at t = {t}", sentence);
                DensityFigures.Render2D(file, slice, pde, equation, histogram);
            }
        }
    }

    /// <summary>The largest difference of a 2D snapshot, against that bin's CI half-width: is it noise?</summary>
    private static string Worst(HistogramSlice slice, double[] pde)
    {
        int worst = -1;
        double largest = -1;
        for (int i = 0; i < pde.Length; i++)
        {
            double difference = Math.Abs(slice.Mean[i] - pde[i]);
            if (double.IsFinite(difference) && difference > largest) (worst, largest) = (i, difference);
        }
        if (worst < 0) return "";
        double half = (slice.High[worst] - slice.Low[worst]) / 2;
        string ratio = half > 0 && double.IsFinite(half) ? $", {Text(largest / half)} times that bin's 95% CI half-width" : "";
        return $"The largest |difference| is {Text(largest)} (bin {worst}{ratio}).";
    }

    private static void Moments(ReportFolder folder, JobReportInput job, SimulationSpec spec, string[] species)
    {
        int d = spec.Model.Dimension;
        string[] axes = ["x", "y", "z"];
        var wanted = axes.Take(d).Select(a => ("mean", a)).Concat(axes.Take(d).Select(a => ("covariance", a + a))).ToArray();
        var spread = job.Spread;
        string spreadText = spread is null
            ? "No spread band: no seeds were re-run for this report."
            : $"The light band is the {100 * spread.LowerQuantile:0}%–{100 * spread.UpperQuantile:0}% spread of single realisations "
              + $"over the first {spread.Seeds} seeds, "
              + "re-run here bit for bit from (spec, master seed, index) since the service keeps no per-realisation values"
              + (spread.Reproduced is { } same ? $" ({same} of {spread.Seeds} reproduced their recorded checksums)." : ".");
        foreach (string s in species)
        foreach (var (observable, component) in wanted)
        {
            var rows = job.Estimates.Where(r => r.Observable == observable && r.Species == s && r.Component == component).ToArray();
            if (rows.Length == 0) continue;
            string symbol = MomentFigure.Symbol(observable, component);
            string file = folder.Add($"moment-{ReportFolder.Safe(s)}-{observable}-{component}", $"{s}: {symbol} over time",
                $"The ensemble estimate of {symbol} of {s} at each output time with its 95% confidence interval (dark band: how precisely "
                + $"R = {job.Realisations} realisations pin the mean down), and each PDE's moment (dashed: the first equation, dotted: "
                + $"the second) where the job has a limit. {spreadText}");
            MomentFigure.Render(file, observable, component, s, rows, spread, job.Limit);
        }
    }

    private static void StandardErrors(ReportFolder folder, JobReportInput job, List<string> notes)
    {
        var series = job.StandardErrors.Where(s => s.Points.Count(p => p.StandardError > 0) >= 2).ToArray();
        if (series.Length == 0)
        {
            notes.Add("No standard-error figure: it needs at least 16 re-run seeds (points at R = 8, 16, …).");
            return;
        }
        string slopes = string.Join("; ", series.Select(s => $"{s.Label}: measured slope {Text(Slope(s))}"));
        string file = folder.Add("standard-error-vs-r", "Standard error vs R",
            $"The standard error of the chosen estimates as seeds 0..R−1 are folded in seed order (R = 8, 16, 32, …), from "
            + $"{string.Join(" and from ", series.Select(s => s.Source).Distinct())}; the dashed lines have the Monte Carlo slope −1/2 ({slopes}).");
        StandardErrorFigure.Render(file, series);
    }

    /// <summary>The least-squares slope of log se against log R.</summary>
    internal static double Slope(StandardErrorSeries series)
    {
        var p = series.Points.Where(x => x.StandardError > 0).ToArray();
        double[] x = p.Select(q => Math.Log(q.Realisations)).ToArray(), y = p.Select(q => Math.Log(q.StandardError)).ToArray();
        double mx = x.Average(), my = y.Average();
        return x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / x.Sum(a => (a - mx) * (a - mx));
    }

    private static string Markdown(JobReportInput job, ReportFolder folder, List<string> notes)
    {
        var text = new StringBuilder();
        text.Append($"# Report of job `{job.JobId}`\n\n");
        text.Append($"Status: **{job.Status}**{(job.Partial ? " (partial: the job has not finished)" : "")}; R = {job.Realisations} realisations, ")
            .Append($"master seed {job.MasterSeed}. Every realisation is reproducible from (spec, master seed, index): `rerun {job.JobId} --seed N`.\n\n");
        text.Append("## Figures\n\n");
        foreach (var figure in folder.Entries) text.Append($"- [{figure.Title}]({figure.File})\n");
        foreach (string note in notes) text.Append($"- {note}\n");
        text.Append('\n');
        foreach (var figure in folder.Entries) Writing.Markdown.Figure(text, figure);
        text.Append("## Estimates\n\n");
        text.Append("Each estimate over its realisations with its standard error and 95% Student-t confidence interval ")
            .Append("(per-bin histograms and tagged positions are in `estimates.csv`).\n\n");
        Writing.Markdown.Table(text, ["observable", "species", "time", "component", "R", "mean", "se", "95% CI"],
            job.Estimates.Where(r => !Untabulated.Contains(r.Observable)).Select(Row));
        if (job.Limit.Diagnostics.Count > 0)
        {
            text.Append("## Limit (PDE) moments\n\n");
            Writing.Markdown.Table(text, ["equation", "species", "time", "observable", "component", "value"],
                job.Limit.Moments.Where(m => m.Observable != "mass").Select(m =>
                    new[] { m.Equation, m.Species, Text(m.Time), m.Observable, m.Component, Writing.Markdown.Number(m.Value) }));
        }
        text.Append("## Job spec\n\n```json\n").Append(job.SpecText.TrimEnd()).Append("\n```\n");
        return text.ToString();
    }

    private static string[] Row(EstimateRow r) =>
    [
        r.Observable, r.Species, Text(r.Time), r.Component, r.Count.ToString(CultureInfo.InvariantCulture), Writing.Markdown.Number(r.Mean),
        Writing.Markdown.Number(r.StandardError), Writing.Markdown.Interval(r.CiLow, r.CiHigh),
    ];

    private static string Text(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
