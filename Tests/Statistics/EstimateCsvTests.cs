using System.Globalization;
using Ensemble.Simulation.Statistics;
using Xunit;

namespace Ensemble.Tests.Statistics;

public sealed class EstimateCsvTests
{
    [Fact]
    public void HeaderAndARowAreTidyInvariantAndRoundTrip()
    {
        var rows = new[]
        {
            new EstimateRow("mean", "u1", 0.1, "x", 64, -0.52905123456789012, 0.0023, -0.5336, -0.5245, -0.61, -0.44),
            new EstimateRow("tagged_covariance", "a,\"b\"", 0.05, "y", 1, 1e-300, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN),
        };
        var writer = new StringWriter();
        EstimateCsv.Write(writer, rows);

        Assert.Equal(
            "observable,species,time,component,count,mean,se,ci_low,ci_high,min,max\n" +
            "mean,u1,0.1,x,64,-0.5290512345678902,0.0023,-0.5336,-0.5245,-0.61,-0.44\n" +
            "tagged_covariance,\"a,\"\"b\"\"\",0.05,y,1,1E-300,,,,,\n",
            writer.ToString());
        Assert.Equal("observable,species,time,component,count,mean,se,ci_low,ci_high,min,max", EstimateCsv.Header);
        Assert.Equal(-0.52905123456789012, double.Parse("-0.5290512345678902", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NumbersIgnoreTheCurrentCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NegativeSign = "~";
        try
        {
            CultureInfo.CurrentCulture = comma;
            Assert.Equal("0,25", 0.25.ToString(CultureInfo.CurrentCulture));   // what a careless writer would print
            Assert.Equal("mean,0,1.5,x,2,0.25,0.5,-1,1.5,0,0.5", EstimateCsv.Line(new EstimateRow("mean", "0", 1.5, "x", 2, 0.25, 0.5, -1.0, 1.5, 0.0, 0.5)));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
