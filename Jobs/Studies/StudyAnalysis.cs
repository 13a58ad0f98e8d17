using Ensemble.Simulation.Studies;

namespace Ensemble.Jobs.Studies;

/// <summary>
/// Turns a study's points and their estimates into <see cref="StudyResults"/>: for every fitted estimate and every grid
/// axis, one <see cref="RateFitter"/> fit per combination of the other axes' values, over the points whose estimate
/// is finite (a point not run yet, or with too few realisations for a standard error, is left out; the fit then says
/// it has too few points). A distance's sampling floor goes with it, so an estimate at the floor is not read as a rate.
/// </summary>
public static class StudyAnalysis
{
    public static StudyResults Analyse(string studyId, StudySpec spec, IReadOnlyList<StudyPoint> points, StudyStatusReport status,
        IReadOnlyList<StudyPointEstimates?> estimates)
    {
        var pointResults = points.Select(p => new StudyPointResult(p.Index, p.JobId, p.Parameters,
            status.Points.ElementAtOrDefault(p.Index)?.Status, estimates.ElementAtOrDefault(p.Index)?.Realisations ?? 0)).ToArray();
        var fits = spec.Fits.Select(target => Fit(target, spec, points, estimates)).ToArray();
        return new StudyResults(studyId, status.Status, spec.Grid.Select(a => a.Parameter).ToArray(), pointResults, fits);
    }

    private static StudyFitResult Fit(FitTarget target, StudySpec spec, IReadOnlyList<StudyPoint> points, IReadOnlyList<StudyPointEstimates?> estimates)
    {
        var values = new List<PointEstimate>();
        foreach (var point in points)
        {
            if (estimates.ElementAtOrDefault(point.Index) is not { } e || StudyEstimates.Find(e.Rows, target) is not { } row) continue;
            var floor = StudyEstimates.FloorOf(e.Rows, target);
            values.Add(new PointEstimate(point.Index, row.Mean, row.StandardError, row.Count, floor?.Mean, floor?.StandardError));
        }
        var rates = new List<StudyRate>();
        foreach (var axis in spec.Grid)
        {
            var others = spec.Grid.Where(a => a != axis).Select(a => a.Parameter).ToArray();
            foreach (var group in points.GroupBy(p => string.Join(";", others.Select(o => p.ValueOf(o)))))
            {
                var fixedValues = others.Select(o => new ParameterValue(o, group.First().ValueOf(o)!.Value)).ToArray();
                var used = group.Select(p => (Point: p, Estimate: values.FirstOrDefault(v => v.Index == p.Index)))
                    .Where(x => x.Estimate is { } v && double.IsFinite(v.Mean) && double.IsFinite(v.StandardError))
                    .ToArray();
                var ratePoints = used.Select(x => new RatePoint(x.Point.ValueOf(axis.Parameter)!.Value, x.Estimate!.Mean, x.Estimate.StandardError,
                    Finite(x.Estimate.Floor), Finite(x.Estimate.FloorStandardError))).ToArray();
                rates.Add(new StudyRate(axis.Parameter, fixedValues, used.Select(x => x.Point.Index).ToArray(), RateFitter.Fit(ratePoints)));
            }
        }
        return new StudyFitResult(target, values, rates);
    }

    private static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;
}
