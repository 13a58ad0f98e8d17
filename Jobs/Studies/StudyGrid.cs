using System.Text.Json.Nodes;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Jobs.Studies;

/// <summary>
/// Expands a study into its points: the cartesian product of the grid's axes (row-major, the first axis slowest), each
/// the base spec with the point's values written in (every species' <c>particles</c>, <c>model.eta</c>,
/// <c>model.eps</c>, <c>time.dt</c>; a tied eps from N), the study's <c>stop</c> section copied in, and R, seed and
/// window from the study. Deterministic: the same study gives the same points, ids and spec texts, which is what lets a
/// rerun find its finished points' jobs. Each point's spec is validated, and so is each fitted estimate against it.
/// </summary>
public static class StudyGrid
{
    public static IReadOnlyList<StudyPoint> Expand(string studyId, StudySpec spec)
    {
        var combinations = Combinations(spec.Grid);
        var points = new List<StudyPoint>(combinations.Count);
        for (int k = 0; k < combinations.Count; k++)
        {
            var values = combinations[k];
            var root = (JsonObject)JsonNode.Parse(spec.BaseSpecJson)!;
            foreach (var v in values) Apply(root, v);
            if (spec.TieEps is { } tie)
            {
                var baseSpec = SpecJson.Parse(spec.BaseSpecJson);
                var model = (PressureModelSpec)baseSpec.Model;
                int n = (int)values.Single(v => v.Parameter == StudyParameter.Particles).Value;
                var eps = new ParameterValue(StudyParameter.Eps, tie.EpsFor(n, baseSpec.Time.Horizon, model.Dimension, model.Exponent), Tied: true);
                Apply(root, eps);
                values = [.. values, eps];
            }
            if (spec.Stop is { } stop) root["stop"] = stop.DeepClone();
            string json = root.ToJsonString();
            var point = new StudyPoint(k, StudyPoint.JobIdOf(studyId, k), values, new JobSubmission
            {
                SpecJson = json, Realisations = spec.Realisations, MasterSeed = spec.Seed, MaxInFlight = spec.MaxInFlight,
                Name = $"{studyId} point {k}",
            });
            CheckFits(spec.Fits, Validated(point), point);
            points.Add(point);
        }
        return points;
    }

    private static List<ParameterValue[]> Combinations(IReadOnlyList<StudyAxis> grid)
    {
        var all = new List<ParameterValue[]> { Array.Empty<ParameterValue>() };
        foreach (var axis in grid)
            all = all.SelectMany(prefix => axis.Values.Select(v => (ParameterValue[])[.. prefix, new ParameterValue(axis.Parameter, v)])).ToList();
        return all;
    }

    private static void Apply(JsonObject root, ParameterValue value)
    {
        var model = root["model"] as JsonObject;
        switch (value.Parameter)
        {
            case StudyParameter.Particles:
                foreach (var species in (model?["species"] as JsonArray ?? []).OfType<JsonObject>()) species["particles"] = (int)value.Value;
                break;
            case StudyParameter.Eta:
                model!["eta"] = value.Value;
                break;
            case StudyParameter.Eps:
                model!["eps"] = value.Value;
                break;
            default:
                if (root["time"] is not JsonObject time) root["time"] = time = new JsonObject();
                time["dt"] = value.Value;
                break;
        }
    }

    private static SimulationSpec Validated(StudyPoint point)
    {
        try
        {
            return SpecJson.Parse(point.Submission.SpecJson);
        }
        catch (SpecValidationException e)
        {
            throw StudySpecJson.Refused($"grid point {point.Index} ({point.Describe()}): base.{e.Field}", e.Expectation);
        }
    }

    private static void CheckFits(IReadOnlyList<FitTarget> fits, SimulationSpec spec, StudyPoint point)
    {
        var rows = new EnsembleAccumulator(spec).Estimates();
        for (int i = 0; i < fits.Count; i++)
        {
            var fit = fits[i];
            if (StudyEstimates.Find(rows, fit) is not null) continue;
            var sameObservable = rows.Where(r => r.Observable == fit.Observable).ToArray();
            string known = sameObservable.Length == 0
                ? $"an observable of the point's estimates ({string.Join(", ", rows.Select(r => r.Observable).Distinct())})"
                : $"an estimate of {fit.Observable} (species {string.Join("/", sameObservable.Select(r => r.Species).Distinct())}, times "
                  + $"{string.Join("/", sameObservable.Select(r => r.Time).Distinct())}, components "
                  + $"{string.Join("/", sameObservable.Select(r => r.Component).Distinct().Take(12))})";
            throw StudySpecJson.Refused($"fit[{i}]", $"{known}, found {fit} (at grid point {point.Index})");
        }
    }
}
