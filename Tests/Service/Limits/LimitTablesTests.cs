using System.Globalization;
using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Reporting;
using Ensemble.Simulation.Specs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace Ensemble.Tests.Service.Limits;

/// <summary>The limit's tidy tables and their CSV: every equation, species, time and moment, the exact header, cell centres, round-trip numbers.</summary>
public sealed class LimitTablesTests
{
    private static readonly string[] Block2D =
    [
        "mass/all", "mean/x", "mean/y", "covariance/xx", "covariance/xy", "covariance/yy",
        "central_moment_3/x", "central_moment_3/y", "central_moment_4/x", "central_moment_4/y",
    ];

    [Fact]
    public void EveryEquationSpeciesAndTimeHasEachMomentOnceInOrder()
    {
        var tables = LimitSamples.TwoDimensional();
        var blocks = tables.Moments.GroupBy(r => (r.Equation, r.Species, r.Time)).ToArray();
        Assert.Equal(2 * 2 * 3, blocks.Length);
        Assert.All(blocks, b => Assert.Equal(Block2D, b.Select(r => $"{r.Observable}/{r.Component}")));
        Assert.Equal(["nonlocal", "local"], tables.Moments.Select(r => r.Equation).Distinct());
        Assert.Equal(["u1", "u2"], tables.Moments.Select(r => r.Species).Distinct());
        Assert.Equal([0.0, 0.05, 0.1], tables.Moments.Select(r => r.Time).Distinct());
        Assert.Equal(12, tables.Densities.Count);
        Assert.Equal(["nonlocal", "local"], tables.Diagnostics.Select(d => d.Equation));
    }

    [Fact]
    public void TheValuesAreTheDensitysExactMomentsToTheBit()
    {
        var grid = new UniformGrid([-1.0, -0.75], [4, 3], 0.5);
        var tables = LimitSamples.TwoDimensional();
        var moments = DensityMoments.Of(grid, LimitSamples.Density(grid, species: 1, time: 2));
        var rows = tables.Moments.Where(r => r is { Equation: "local", Species: "u2", Time: 0.1 }).ToArray();
        double[] expected = [moments.Mass, .. moments.Mean, .. moments.Covariance, .. moments.CentralMoment3, .. moments.CentralMoment4];
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), rows.Select(r => BitConverter.DoubleToInt64Bits(r.Value)));
        Assert.Equal(1.0, rows[0].Value, 12);
    }

    [Fact]
    public void TheCsvHasTheExactHeaderAndNumbersThatRoundTrip()
    {
        var tables = LimitSamples.TwoDimensional("with,comma", "u2");
        var writer = new StringWriter();
        LimitCsv.WriteMoments(writer, tables.Moments);
        string[] lines = writer.ToString().Split('\n');
        Assert.Equal("equation,species,time,observable,component,value", lines[0]);
        Assert.Equal(tables.Moments.Count + 2, lines.Length); // header, rows, and the empty string after the last "\n"
        Assert.Equal("", lines[^1]);
        Assert.StartsWith("nonlocal,\"with,comma\",0,mass,all,", lines[1], StringComparison.Ordinal);
        var last = lines[^2].Split(',');
        Assert.Equal(tables.Moments[^1].Value, double.Parse(last[^1], CultureInfo.InvariantCulture));
        Assert.Equal(tables.Moments[^1].Value.ToString("R", CultureInfo.InvariantCulture), last[^1]);
    }

    [Fact]
    public void TheDensityCsvPlacesEachCellAtItsCentre()
    {
        var tables = LimitSamples.TwoDimensional();
        var writer = new StringWriter();
        LimitCsv.WriteDensities(writer, tables);
        string[] lines = writer.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal("equation,species,time,cell,x,y,density", lines[0]);
        Assert.Equal(2 * 3 * (6 + 12) + 1, lines.Length);
        // The nonlocal grid is 3 x 2 cells of h = 1 from (-1.5, -1): cell 4 is (i_x, i_y) = (1, 1), centred at (0, 0.5).
        var grid = new UniformGrid([-1.5, -1.0], [3, 2], 1.0);
        string expected = string.Join(',', "nonlocal", "u1", "0", "4", "0", "0.5",
            LimitSamples.Density(grid, 0, 0)[4].ToString("R", CultureInfo.InvariantCulture));
        Assert.Equal(expected, lines[5]);
        Assert.Equal(12 * 2 * 3, lines.Count(l => l.StartsWith("local,", StringComparison.Ordinal)));
    }

    [Fact]
    public void InOneDimensionTheDensityHasOnlyAnX()
    {
        var tables = LimitTables.Of([LimitSamples.Solution(LimitEquation.Local, new UniformGrid([-1.0], [8], 0.25), 1, 0.0, 0.1)], ["0"]);
        var writer = new StringWriter();
        LimitCsv.WriteDensities(writer, tables);
        Assert.StartsWith("equation,species,time,cell,x,density\nlocal,0,0,0,-0.875,", writer.ToString(), StringComparison.Ordinal);
        Assert.Equal(["mass/all", "mean/x", "covariance/xx", "central_moment_3/x", "central_moment_4/x"],
            tables.Moments.Where(r => r.Time == 0).Select(r => $"{r.Observable}/{r.Component}"));
    }

    [Fact]
    public void SpeciesWithoutANameAreLabelledByTheirIndexAsTheEstimatesAre()
    {
        var spec = LimitSamples.Solvable();
        var model = (PairwiseModelSpec)spec.Model;
        var unnamed = spec with { Model = model with { Species = model.Species.Select(s => s with { Name = null }).ToArray() } };
        Assert.Equal(["s0", "s1"], LimitTables.SpeciesLabels(spec));
        Assert.Equal(["0", "1"], LimitTables.SpeciesLabels(unnamed));
    }

    [Fact]
    public void ALimitReportCrossesTheWireIntact()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var report = LimitReport.From("job", LimitSamples.TwoDimensional());
        var copy = serializer.Deserialize<LimitReport>(serializer.SerializeToArray(report))!;
        Assert.Equal(report.Moments, copy.Moments);
        Assert.Equal(report.Densities.Select(d => d.Values), copy.Densities.Select(d => d.Values));
        Assert.Equal(report.Densities.Select(d => (d.Equation, d.Species, d.Time)), copy.Densities.Select(d => (d.Equation, d.Species, d.Time)));
        Assert.Equal(report.Diagnostics.Select(d => (d.Equation, d.Spacing, d.Steps, d.Convolution, d.ElapsedSeconds)),
            copy.Diagnostics.Select(d => (d.Equation, d.Spacing, d.Steps, d.Convolution, d.ElapsedSeconds)));
        Assert.Equal(report.Diagnostics[1].Cells, copy.Diagnostics[1].Cells);
        Assert.Equal(report.Diagnostics[1].Lower, copy.Diagnostics[1].Lower);
        var failed = serializer.Deserialize<LimitReport>(serializer.SerializeToArray(LimitReport.None("job", "limit: no")))!;
        Assert.False(failed.HasLimit);
        Assert.Equal("limit: no", failed.Failure);
    }
}
