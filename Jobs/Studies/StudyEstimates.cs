using Ensemble.Simulation.Statistics;

namespace Ensemble.Jobs.Studies;

/// <summary>Finds a fitted estimate, and its noise floor, among a point's estimate rows.</summary>
public static class StudyEstimates
{
    /// <summary>Distances carry their sampling floor as a sibling observable with this suffix (<c>wasserstein_1_floor</c>).</summary>
    public const string FloorSuffix = "_floor";

    public static EstimateRow? Find(IEnumerable<EstimateRow> rows, FitTarget target) => Find(rows, target, target.Observable);

    /// <summary>The floor of <paramref name="target"/>'s estimate, if the observable has one.</summary>
    public static EstimateRow? FloorOf(IEnumerable<EstimateRow> rows, FitTarget target) => Find(rows, target, target.Observable + FloorSuffix);

    /// <summary>The rows of <paramref name="rows"/> a study needs: the fitted ones and their floors.</summary>
    public static EstimateRow[] Needed(IEnumerable<EstimateRow> rows, IReadOnlyList<FitTarget> targets)
    {
        var all = rows.ToArray();
        return targets.SelectMany(t => new[] { Find(all, t), FloorOf(all, t) }).OfType<EstimateRow>().Distinct().ToArray();
    }

    private static EstimateRow? Find(IEnumerable<EstimateRow> rows, FitTarget target, string observable) =>
        rows.FirstOrDefault(r => r.Observable == observable && r.Species == target.Species && r.Component == target.Component
            && Math.Abs(r.Time - target.Time) <= 1e-9 * Math.Max(1.0, Math.Abs(target.Time)));
}
