using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Submissions;
using Ensemble.Simulation.Specs;

namespace Ensemble.Jobs.Studies;

/// <summary>
/// Parses a study spec (JSON, camelCase, comments allowed) and validates it, each refusal one
/// <see cref="EnsembleException"/> of kind <see cref="ErrorKind.InvalidSpec"/> naming the field (<c>grid[0].values[2]</c>,
/// <c>base.model.eta</c>, <c>fit[1].time</c>) and what was expected. The base spec and every point's spec are checked
/// by the job layer's own rules (<see cref="StudyGrid"/>), so a study that parses has no point a coordinator would refuse.
/// </summary>
public static class StudySpecJson
{
    /// <summary>Points of one study at most: each is a job.</summary>
    public const int MaxPoints = 1000;

    /// <summary>A study id leaves room for ".p" and the point index in its point jobs' ids.</summary>
    public const int MaxIdLength = JobId.MaxLength - 8;

    private static readonly string[] Fields = ["id", "base", "grid", "tieEps", "realisations", "seed", "maxInFlight", "stop", "fit"];

    public static StudySpec Parse(string json)
    {
        var spec = ParseUnexpanded(json);
        // Every point's spec and every fitted estimate is checked now, before anything is submitted.
        StudyGrid.Expand(spec.Id ?? "study", spec);
        return spec;
    }

    /// <summary>The study's own fields checked (and the base spec), its points not yet expanded nor checked.</summary>
    public static StudySpec ParseUnexpanded(string json)
    {
        if (json.Length > SpecJson.MaxLength) throw Refused("study", $"a study spec of at most {SpecJson.MaxLength} characters, found {json.Length}");
        JsonObject root = ParseObject(json);
        foreach (var (name, _) in root)
            if (!Fields.Contains(name)) throw Refused(name, $"a field of a study spec ({string.Join(", ", Fields)}), found an unknown field");
        string? id = root["id"] is null ? null : Text(root, "id", "id");
        if (id is not null)
        {
            if (JobId.Problem(id) is { } problem) throw Refused("id", problem);
            if (id.Length > MaxIdLength) throw Refused("id", $"at most {MaxIdLength} characters (room for the point jobs' \".pK\"), found {id.Length}");
        }
        if (root["base"] is not JsonObject baseObject) throw Refused("base", $"the base job spec as a JSON object, found {Kind(root["base"])}");
        string baseJson = baseObject.ToJsonString();
        SimulationSpec baseSpec = CheckedBase(baseJson);
        var grid = Grid(root["grid"], baseSpec);
        var tie = Tie(root, grid, baseSpec);
        int realisations = Integer(root, "realisations", 2, SubmissionValidator.MaxRealisations, null)!.Value;
        ulong seed = root["seed"] is null ? 1 : UnsignedInteger(root["seed"], "seed");
        int maxInFlight = Integer(root, "maxInFlight", 1, int.MaxValue, JobSubmission.DefaultMaxInFlight)!.Value;
        JsonObject? stop = root["stop"] switch
        {
            null => null,
            JsonObject o => (JsonObject)o.DeepClone(),
            var other => throw Refused("stop", $"an early-stop section (a JSON object), found {Kind(other)}"),
        };
        var fits = Fits(root["fit"]);
        return new StudySpec
        {
            Id = id, BaseSpecJson = baseJson, Grid = grid, TieEps = tie, Realisations = realisations, Seed = seed,
            MaxInFlight = maxInFlight, Stop = stop, Fits = fits,
        };
    }

    /// <summary>The study's identity: its text without comments or layout (the same study spec gives the same text).</summary>
    public static string Canonical(string json) => ParseObject(json).ToJsonString();

    private static JsonObject ParseObject(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions
            {
                AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false,
            });
        }
        catch (JsonException e)
        {
            throw Refused("study", $"JSON text ({e.Message.Split(". ")[0]})");
        }
        return node as JsonObject ?? throw Refused("study", $"a JSON object, found {Kind(node)}");
    }

    private static SimulationSpec CheckedBase(string baseJson)
    {
        try
        {
            return SpecJson.Parse(baseJson);
        }
        catch (SpecValidationException e)
        {
            throw Refused($"base.{e.Field}", e.Expectation);
        }
    }

    private static IReadOnlyList<StudyAxis> Grid(JsonNode? node, SimulationSpec baseSpec)
    {
        if (node is not JsonArray axes || axes.Count is < 1 or > 2)
            throw Refused("grid", $"an array of one or two axes ({{ \"parameter\": ..., \"values\": [...] }}), found {Kind(node)}");
        var grid = new List<StudyAxis>();
        long points = 1;
        for (int a = 0; a < axes.Count; a++)
        {
            string at = $"grid[{a}]";
            if (axes[a] is not JsonObject axis) throw Refused(at, $"an axis object, found {Kind(axes[a])}");
            foreach (var (name, _) in axis)
                if (name is not ("parameter" or "values")) throw Refused($"{at}.{name}", "\"parameter\" or \"values\", found an unknown field");
            string parameterText = Text(axis, "parameter", $"{at}.parameter");
            var parameter = StudyParameters.Parse(parameterText) ?? throw Refused($"{at}.parameter", $"{StudyParameters.Names}, found \"{parameterText}\"");
            if (parameter == StudyParameter.Eta && baseSpec.Model is not PairwiseModelSpec)
                throw Refused($"{at}.parameter", "\"eta\" only for model A (\"type\": \"pairwise\"); model B's localisation is \"eps\"");
            if (parameter == StudyParameter.Eps && baseSpec.Model is not PressureModelSpec)
                throw Refused($"{at}.parameter", "\"eps\" only for model B (\"type\": \"pressure\"); model A's localisation is \"eta\"");
            if (grid.Any(g => g.Parameter == parameter))
                throw Refused($"{at}.parameter", $"a parameter not already on the grid, found \"{parameterText}\" twice");
            if (axis["values"] is not JsonArray values || values.Count == 0)
                throw Refused($"{at}.values", $"a non-empty array of values, found {Kind(axis["values"])}");
            var list = new List<double>();
            for (int v = 0; v < values.Count; v++)
            {
                string where = $"{at}.values[{v}]";
                double value = Number(values[v], where);
                if (parameter == StudyParameter.Particles && (value < 1 || value > int.MaxValue || value != Math.Floor(value)))
                    throw Refused(where, $"a whole number of particles from 1 to {int.MaxValue}, found {Show(value)}");
                if (!(value > 0)) throw Refused(where, $"a number > 0, found {Show(value)}");
                if (list.Contains(value)) throw Refused(where, $"a value not already on this axis, found {Show(value)} twice");
                list.Add(value);
            }
            points *= list.Count;
            if (points > MaxPoints) throw Refused("grid", $"at most {MaxPoints} points in all, found {points} or more");
            grid.Add(new StudyAxis(parameter, list));
        }
        return grid;
    }

    private static EpsTie? Tie(JsonObject root, IReadOnlyList<StudyAxis> grid, SimulationSpec baseSpec)
    {
        if (root["tieEps"] is not { } node) return null;
        if (node is not JsonObject tie) throw Refused("tieEps", $"an object {{ \"theta\": ..., \"scale\": ... }}, found {Kind(node)}");
        foreach (var (name, _) in tie)
            if (name is not ("theta" or "scale")) throw Refused($"tieEps.{name}", "\"theta\" or \"scale\", found an unknown field");
        if (baseSpec.Model is not PressureModelSpec) throw Refused("tieEps", "model B (\"type\": \"pressure\"): eps is model B's localisation");
        if (grid.All(a => a.Parameter != StudyParameter.Particles)) throw Refused("tieEps", "a grid over \"particles\": eps is tied to N");
        if (grid.Any(a => a.Parameter == StudyParameter.Eps)) throw Refused("tieEps", "no \"eps\" axis on the grid: a tied eps follows N");
        if (grid.Single(a => a.Parameter == StudyParameter.Particles).Values.Any(n => n < 2))
            throw Refused("tieEps", "particles of at least 2 on the grid (ln N must be > 0)");
        double theta = tie["theta"] is null ? 0.5 : Number(tie["theta"], "tieEps.theta");
        if (!(theta > 0 && theta < 1)) throw Refused("tieEps.theta", $"a number in (0, 1) (the bound is ~ N^(theta - 1)), found {Show(theta)}");
        double scale = tie["scale"] is null ? 1.0 : Number(tie["scale"], "tieEps.scale");
        if (!(scale > 0)) throw Refused("tieEps.scale", $"a number > 0, found {Show(scale)}");
        return new EpsTie(theta, scale);
    }

    private static IReadOnlyList<FitTarget> Fits(JsonNode? node)
    {
        if (node is not JsonArray entries || entries.Count == 0)
            throw Refused("fit", $"a non-empty array of estimates to fit ({{ \"observable\", \"species\", \"time\", \"component\" }}), found {Kind(node)}");
        var fits = new List<FitTarget>();
        for (int i = 0; i < entries.Count; i++)
        {
            string at = $"fit[{i}]";
            if (entries[i] is not JsonObject entry) throw Refused(at, $"an object naming one estimate, found {Kind(entries[i])}");
            foreach (var (name, _) in entry)
                if (name is not ("observable" or "species" or "time" or "component"))
                    throw Refused($"{at}.{name}", "\"observable\", \"species\", \"time\" or \"component\", found an unknown field");
            var target = new FitTarget(Text(entry, "observable", $"{at}.observable"), Text(entry, "species", $"{at}.species"),
                Number(entry["time"], $"{at}.time"), Text(entry, "component", $"{at}.component"));
            if (fits.Contains(target)) throw Refused(at, $"an estimate not already fitted, found {target} twice");
            fits.Add(target);
        }
        return fits;
    }

    private static int? Integer(JsonObject root, string field, int min, int max, int? fallback)
    {
        if (root[field] is null)
            return fallback ?? throw Refused(field, $"an integer from {min} to {max}, found nothing");
        double value = Number(root[field], field);
        if (value != Math.Floor(value) || value < min || value > max) throw Refused(field, $"an integer from {min} to {max}, found {Show(value)}");
        return (int)value;
    }

    private static ulong UnsignedInteger(JsonNode? node, string field) =>
        node is JsonValue v && v.TryGetValue(out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out ulong x)
            ? x
            : throw Refused(field, $"an integer from 0 to {ulong.MaxValue}, found {Kind(node)}");

    private static double Number(JsonNode? node, string field) =>
        node is JsonValue v && v.TryGetValue(out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double x) && double.IsFinite(x)
            ? x
            : throw Refused(field, $"a finite number, found {Kind(node)}");

    private static string Text(JsonObject o, string name, string field) =>
        o[name] is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrWhiteSpace(s)
            ? s
            : throw Refused(field, $"a non-empty string, found {Kind(o[name])}");

    private static string Kind(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonObject => "an object",
        JsonArray a => $"an array of {a.Count}",
        JsonValue v when v.TryGetValue(out string? s) => $"\"{Clip(s)}\"",
        _ => Clip(node.ToJsonString()),
    };

    private static string Clip(string text) => new string(text.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + (text.Length > 40 ? "…" : "");

    private static string Show(double x) => x.ToString("G6", CultureInfo.InvariantCulture);

    internal static EnsembleException Refused(string field, string reason) => new(ErrorKind.InvalidSpec, field, reason);
}
