using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace Ensemble.Tests.Service;

/// <summary>
/// The job layer's records are the wire contracts themselves: they cross Orleans' serializer intact,
/// the simulation core's estimate rows through their surrogate, errors with their kind.
/// </summary>
public sealed class WireContractTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void EstimatesTravelAsTheCoresOwnRowsToTheBit()
    {
        var rows = new[]
        {
            new EstimateRow("mean", "u1", 0.1, "x", 3, Math.PI, 1e-300, double.NaN, double.NegativeInfinity, -0.0, double.MaxValue),
            new EstimateRow("histogram", "u2", 0.0, "bin(0,1)", 0, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN),
        };
        var back = RoundTrip(new EstimatesReport("job", Partial: true, JobStatus.Running, 3, rows));
        Assert.Equal(rows.Length, back.Rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(rows[i] with { }, back.Rows[i]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(rows[i].Min), BitConverter.DoubleToInt64Bits(back.Rows[i].Min));
        }
        Assert.True(back.Partial);
    }

    [Fact]
    public void ARefusalKeepsItsKindFieldAndReason()
    {
        var back = RoundTrip<Exception>(new JobRejectedException(ErrorKind.Conflict, "jobId", "taken"));
        var refused = Assert.IsType<JobRejectedException>(back);
        Assert.Equal((ErrorKind.Conflict, "jobId", "taken"), (refused.Kind, refused.Field, refused.Reason));
    }

    [Fact]
    public void ARealisationRecordKeepsWhereAndHowLongItRan()
    {
        var record = new RealisationRecord(7, RealisationState.Failed, 0xfedcba9876543210, 2, "non-finite") { Silo = "S1", Milliseconds = 12.5 };
        Assert.Equal(record, RoundTrip(record));
    }
}
