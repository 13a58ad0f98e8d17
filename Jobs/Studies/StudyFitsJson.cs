using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ensemble.Jobs.Studies;

/// <summary>
/// A study's fits as JSON for <c>ensemble.studies.fits</c> (jsonb): one element per fitted estimate and rate, with the
/// slope, its se and interval, the pairwise orders, the verdict and its explanation, and the points' estimates. A value
/// that is not a number (no slope) is null, since jsonb has no NaN.
/// </summary>
public static class StudyFitsJson
{
    public static string Write(StudyResults results) => Fits(results).ToJsonString();

    /// <summary>
    /// The whole of <c>study results --format json</c>: the study's id and status, its points (parameters, job, status, R)
    /// and the fits as <see cref="Write"/> gives them.
    /// </summary>
    public static string WriteResults(StudyResults results) => new JsonObject
    {
        ["study"] = results.StudyId,
        ["status"] = JsonNamingPolicy.CamelCase.ConvertName(results.Status.ToString()),
        ["axes"] = new JsonArray(results.Axes.Select(a => (JsonNode?)JsonValue.Create(a.Name())).ToArray()),
        ["points"] = new JsonArray(results.Points.Select(p => (JsonNode?)new JsonObject
        {
            ["point"] = p.Index,
            ["job"] = p.JobId,
            ["parameters"] = new JsonObject(p.Parameters.Select(v => KeyValuePair.Create(v.Parameter.Name(), (JsonNode?)JsonValue.Create(v.Value)))),
            ["status"] = p.Status is { } status ? JsonNamingPolicy.CamelCase.ConvertName(status.ToString()) : null,
            ["realisations"] = p.Realisations,
        }).ToArray()),
        ["fits"] = Fits(results),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonArray Fits(StudyResults results)
    {
        var array = new JsonArray();
        foreach (var fit in results.Fits)
        foreach (var rate in fit.Rates)
        {
            array.Add(new JsonObject
            {
                ["observable"] = fit.Target.Observable,
                ["species"] = fit.Target.Species,
                ["time"] = fit.Target.Time,
                ["component"] = fit.Target.Component,
                ["against"] = rate.Against.Name(),
                ["fixed"] = new JsonObject(rate.Fixed.Select(v => KeyValuePair.Create(v.Parameter.Name(), (JsonNode?)JsonValue.Create(v.Value)))),
                ["points"] = new JsonArray(rate.PointIndices.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
                ["slope"] = Number(rate.Fit.Slope),
                ["se"] = Number(rate.Fit.SlopeStandardError),
                ["lower95"] = Number(rate.Fit.Lower95),
                ["upper95"] = Number(rate.Fit.Upper95),
                ["reducedChiSquare"] = Number(rate.Fit.ReducedChiSquare),
                ["pairwiseOrders"] = new JsonArray(rate.Fit.PairwiseOrders.Select(Number).ToArray()),
                ["verdict"] = JsonNamingPolicy.CamelCase.ConvertName(rate.Fit.Verdict.ToString()),
                ["explanation"] = rate.Fit.Explanation,
                ["estimates"] = new JsonArray(fit.Estimates.Where(e => rate.PointIndices.Contains(e.Index)).Select(e => (JsonNode?)new JsonObject
                {
                    ["point"] = e.Index, ["mean"] = Number(e.Mean), ["se"] = Number(e.StandardError), ["count"] = e.Count,
                    ["floor"] = e.Floor is { } floor ? Number(floor) : null,
                    ["floorSe"] = e.FloorStandardError is { } floorSe ? Number(floorSe) : null,
                }).ToArray()),
            });
        }
        return array;
    }

    private static JsonNode? Number(double x) => double.IsFinite(x) ? JsonValue.Create(x) : null;
}
