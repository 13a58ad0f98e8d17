using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;
using Xunit;

namespace Ensemble.Tests.Service;

/// <summary>Submitting, waiting for and cross-checking jobs in tests.</summary>
public static class Jobs
{
    public static JobSubmission Submission(SimulationSpec spec, int realisations, ulong seed = 7, int maxInFlight = 64) => new()
    {
        SpecJson = SpecJson.Serialize(spec),
        Realisations = realisations,
        MasterSeed = seed,
        MaxInFlight = maxInFlight,
    };

    public static async Task<JobStatusReport> RunToEnd(IGrainFactory grains, string jobId, JobSubmission submission)
    {
        var job = grains.GetGrain<IJobGrain>(jobId);
        await job.Submit(submission);
        return await WaitUntilFinished(job);
    }

    public static async Task<JobStatusReport> WaitUntilFinished(IJobGrain job)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var status = await job.GetStatus();
            if (status.IsFinished) return status;
            Assert.True(DateTime.UtcNow < deadline, $"job did not finish in time: {status.Done}/{status.Total}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The same realisations through the simulation core in a plain loop, folded in seed order.</summary>
    public static EnsembleAccumulator PlainLoop(SimulationSpec spec, int realisations, ulong seed)
    {
        var simulator = Simulator.Create(spec);
        var accumulator = new EnsembleAccumulator(spec);
        for (uint i = 0; i < realisations; i++)
        {
            var (flattened, _) = accumulator.Prepare(simulator.Run(new RealisationSeed(seed, i)));
            if (flattened is not null) accumulator.Add(flattened);
        }
        return accumulator;
    }

    /// <summary>Every estimate equal to the bit (NaN equal to NaN), in the same order.</summary>
    public static void AssertBitIdentical(IReadOnlyList<EstimateRow> expected, IReadOnlyList<EstimateRow> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.NotEmpty(expected);
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            Assert.Equal((e.Observable, e.Species, e.Component, e.Count), (a.Observable, a.Species, a.Component, a.Count));
            Assert.Equal(Bits(e.Time), Bits(a.Time));
            foreach (var (x, y, what) in new[] { (e.Mean, a.Mean, "mean"), (e.StandardError, a.StandardError, "se"), (e.CiLow, a.CiLow, "ci_low"),
                         (e.CiHigh, a.CiHigh, "ci_high"), (e.Min, a.Min, "min"), (e.Max, a.Max, "max") })
                Assert.True(Bits(x) == Bits(y), $"{e.Observable}/{e.Species}/{e.Time}/{e.Component} {what}: {x:R} vs {y:R}");
        }
    }

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);
}
