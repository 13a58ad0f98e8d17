using System.Text.Json.Nodes;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Studies;
using Ensemble.Simulation.Statistics;
using Ensemble.Simulation.Studies;
using Xunit;

namespace Ensemble.Tests.Studies;

/// <summary>
/// The fits of a two-axis study from synthetic point estimates with known slopes (value = N^-1 eta^2 exactly, 1% se):
/// one fit per axis and per value of the other axis, each with the known slope; a point without a finite estimate is
/// left out and its line says there are too few points; a distance's floor goes with its estimate.
/// </summary>
public sealed class StudyAnalysisTests
{
    private static (StudySpec Spec, IReadOnlyList<StudyPoint> Points) TwoAxes()
    {
        var study = StudySpecs.Tiny("two");
        study["grid"] = JsonNode.Parse("""[{"parameter":"particles","values":[10,20,40]},{"parameter":"eta","values":[0.4,0.2,0.1]}]""");
        var spec = StudySpecJson.Parse(study.ToJsonString());
        return (spec, StudyGrid.Expand("two", spec));
    }

    private static StudyPointEstimates Estimates(StudyPoint p, double value, double se, double? floor = null)
    {
        var rows = new List<EstimateRow> { Row("covariance", "xx", value, se) };
        if (floor is { } f) rows.Add(Row("covariance" + StudyEstimates.FloorSuffix, "xx", f, se));
        return new StudyPointEstimates(p.Index, p.JobId, JobStatus.Completed, 8, rows.ToArray());
    }

    private static EstimateRow Row(string observable, string component, double value, double se) =>
        new(observable, "s0", 0.01, component, 8, value, se, value - 2 * se, value + 2 * se, double.NaN, double.NaN);

    private static StudyStatusReport Status(IReadOnlyList<StudyPoint> points) => new()
    {
        StudyId = "two", Status = StudyStatus.Completed, Points = new JobStatusReport?[points.Count],
    };

    [Fact]
    public void EachAxisIsFittedAtEachValueOfTheOtherWithTheKnownSlope()
    {
        var (spec, points) = TwoAxes();
        static double Exact(StudyPoint p) =>
            Math.Pow(p.ValueOf(StudyParameter.Particles)!.Value, -1) * Math.Pow(p.ValueOf(StudyParameter.Eta)!.Value, 2);
        var estimates = points.Select(p => (StudyPointEstimates?)Estimates(p, Exact(p), 0.01 * Exact(p))).ToArray();
        var results = StudyAnalysis.Analyse("two", spec, points, Status(points), estimates);

        var fit = results.Fits[0];
        Assert.Equal(9, fit.Estimates.Count);
        Assert.Equal(6, fit.Rates.Count);
        foreach (var rate in fit.Rates)
        {
            Assert.Equal(3, rate.PointIndices.Count);
            Assert.Single(rate.Fixed);
            Assert.Equal(rate.Against == StudyParameter.Particles ? -1.0 : 2.0, rate.Fit.Slope, 9);
            Assert.All(rate.Fit.PairwiseOrders, o => Assert.Equal(rate.Against == StudyParameter.Particles ? -1.0 : 2.0, o, 9));
        }
        // The N fits are at eta = 0.4, 0.2, 0.1, each over the three points of that eta.
        var byN = fit.Rates.Where(r => r.Against == StudyParameter.Particles).ToArray();
        Assert.Equal([0.4, 0.2, 0.1], byN.Select(r => r.Fixed[0].Value));
        Assert.Equal([0, 3, 6], byN[0].PointIndices);
        // The second fitted estimate (tagged_covariance) is in no point's rows here: no slope, and it says why.
        Assert.All(results.Fits[1].Rates, r => Assert.Equal(RateVerdict.TooFewPoints, r.Fit.Verdict));
    }

    [Fact]
    public void APointWithoutAFiniteEstimateIsLeftOutAndAFloorIsPassedOn()
    {
        var (spec, points) = TwoAxes();
        var estimates = points.Select(p => (StudyPointEstimates?)Estimates(p, p.Index == 3 ? double.NaN : 1.0 / (p.Index + 1), 0.001,
            floor: p.Index == 6 ? 0.2 : null)).ToArray();
        estimates[1] = null; // not submitted yet
        var results = StudyAnalysis.Analyse("two", spec, points, Status(points), estimates);
        var atFirstEta = results.Fits[0].Rates.First(r => r.Against == StudyParameter.Particles);
        Assert.Equal([0, 6], atFirstEta.PointIndices);   // point 3 has NaN
        Assert.Equal(RateVerdict.TooFewPoints, atFirstEta.Fit.Verdict);
        Assert.Equal(0.2, results.Fits[0].Estimates.Single(e => e.Index == 6).Floor);
        var atN40 = results.Fits[0].Rates.Last(r => r.Against == StudyParameter.Eta);
        Assert.Equal([6, 7, 8], atN40.PointIndices);
        Assert.Equal(RateVerdict.AtNoiseFloor, atN40.Fit.Verdict);   // point 6 (1/7 = 0.14) is under its floor 0.2

        string json = StudyFitsJson.Write(results);
        var parsed = JsonNode.Parse(json)!.AsArray();
        Assert.Equal(12, parsed.Count);
        Assert.Null(parsed[0]!["slope"]);   // no slope: null, not NaN (jsonb has none)
        Assert.Equal("tooFewPoints", (string?)parsed[0]!["verdict"]);
    }
}
