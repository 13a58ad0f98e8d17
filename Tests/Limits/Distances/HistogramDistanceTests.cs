using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Distances;
using Ensemble.Simulation.Random;
using Ensemble.Simulation.Specs;
using Xunit;

namespace Ensemble.Tests.Limits.Distances;

public sealed class HistogramDistanceTests
{
    [Fact]
    public void BinsThatAreTheGridCellsGetTheCellAveragesOverTheMass()
    {
        var grid = new UniformGrid([-1.0, 0.0], [4, 3], 0.5);
        double[] density = [1, 0, 2, 3, 0.5, 0, 4, 1, 2, 2, 0, 5];
        var spec = new HistogramSpec { Lower = [-1.0, 0.0], Upper = [1.0, 1.5], Bins = [4, 3] };
        double mass = density.Sum() * 0.25;
        double[] bins = HistogramDistance.CellAveragesOn(spec, grid, density);
        Assert.Equal(density.Select(v => v / mass), bins, (a, b) => Math.Abs(a - b) < 1e-15);
    }

    [Fact]
    public void MisalignedBinsIntegrateThePiecewiseConstantDensityExactly()
    {
        // Cells [0, 1), [1, 2), [2, 3) with values 1, 2, 3 (mass 6); bins of width 0.8 over [0.2, 2.6]:
        // [0.2, 1.0] holds 0.8 * 1, [1.0, 1.8] holds 0.8 * 2, [1.8, 2.6] holds 0.2 * 2 + 0.6 * 3.
        var grid = new UniformGrid([0.0], [3], 1.0);
        var spec = new HistogramSpec { Lower = [0.2], Upper = [2.6], Bins = [3] };
        double[] bins = HistogramDistance.CellAveragesOn(spec, grid, [1.0, 2.0, 3.0]);
        double[] expected = [0.8 / 0.8 / 6, 1.6 / 0.8 / 6, 2.2 / 0.8 / 6];
        Assert.Equal(expected, bins, (a, b) => Math.Abs(a - b) < 1e-15);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void BinsCoveringTheGridHoldAllTheMassAndPartialBinsTheMassInside(int dimension)
    {
        var random = new System.Random(dimension);
        int[] cells = dimension == 2 ? [13, 9] : [7, 6, 5];
        var grid = new UniformGrid(Enumerable.Repeat(-1.0, dimension).ToArray(), cells, 0.3);
        double[] density = Enumerable.Range(0, grid.CellCount).Select(_ => random.NextDouble()).ToArray();
        var covering = new HistogramSpec
        {
            Lower = Enumerable.Repeat(-1.7, dimension).ToArray(),
            Upper = cells.Select(n => -1.0 + n * 0.3 + 0.45).ToArray(),
            Bins = cells.Select(n => n + 4).ToArray(),
        };
        double[] bins = HistogramDistance.CellAveragesOn(covering, grid, density);
        Assert.Equal(1.0, bins.Sum() * HistogramDistance.BinVolume(covering), 1e-13);

        // A box over part of the grid: its bins hold the fraction of the mass in that box (summed cell by cell here).
        var partial = new HistogramSpec
        {
            Lower = Enumerable.Repeat(-0.55, dimension).ToArray(),
            Upper = Enumerable.Repeat(0.35, dimension).ToArray(),
            Bins = Enumerable.Repeat(7, dimension).ToArray(),
        };
        double inside = 0.0, total = 0.0;
        for (int c = 0; c < grid.CellCount; c++)
        {
            double overlap = 1.0;
            for (int a = 0; a < dimension; a++)
            {
                double lo = grid.Lower[a] + grid.IndexOn(c, a) * 0.3;
                overlap *= Math.Max(0.0, Math.Min(lo + 0.3, 0.35) - Math.Max(lo, -0.55));
            }
            inside += density[c] * overlap;
            total += density[c] * Math.Pow(0.3, dimension);
        }
        double[] partialBins = HistogramDistance.CellAveragesOn(partial, grid, density);
        Assert.Equal(inside / total, partialBins.Sum() * HistogramDistance.BinVolume(partial), 1e-13);
    }

    [Fact]
    public void TheL1OfSamplesOfThePdeItselfIsAtItsNoiseFloor()
    {
        // R realisations of N draws of the PDE density; their histogram's expectation is the PDE's bin averages
        // exactly (uniform inside cells), so E L1 = E sum vol |noise| ~ the floor. Over 40 ensembles the mean
        // L1 / floor is 1 within 3 standard errors (of the 40) + 2% (se estimated from R, not known).
        var grid = new UniformGrid([-3.0], [48], 0.125);
        double[] density = Densities.Gaussian1D(grid, 0.0, 0.7);
        var spec = new HistogramSpec { Lower = [-2.5], Upper = [2.5], Bins = [20] };
        double[] pde = HistogramDistance.CellAveragesOn(spec, grid, density);
        var sampler = new LimitSampler(grid, density);
        var ratios = new List<double>();
        for (int ensemble = 0; ensemble < 40; ensemble++)
        {
            var (mean, se) = MeanHistogram(sampler, spec, 100, 200, (ulong)ensemble, 0.0);
            double vol = HistogramDistance.BinVolume(spec);
            var estimate = HistogramDistance.Of(mean, se, pde, vol);
            ratios.Add(estimate.L1 / estimate.NoiseFloor);
        }
        double m = ratios.Average(), s = Math.Sqrt(ratios.Sum(v => (v - m) * (v - m)) / (ratios.Count - 1) / ratios.Count);
        TestContext.Current.SendDiagnosticMessage($"L1 / noise floor for samples of the PDE: {m:F3} +- {s:F3}");
        Assert.InRange(m, 0.98 - 3 * s, 1.02 + 3 * s);
    }

    [Fact]
    public void TheDeltaMethodStandardErrorMatchesTheSpreadOfTheL1OfAShiftedCloud()
    {
        // Draws shifted by 0.4 from the PDE: a distance far above the noise, where the delta method holds.
        // The spread of L1 over 200 ensembles against the mean reported se: ratio 1 within 20% (the bins'
        // multinomial correlations, ignored by the se, and the spread's own ~5% error).
        var grid = new UniformGrid([-3.0], [48], 0.125);
        double[] density = Densities.Gaussian1D(grid, 0.0, 0.7);
        var spec = new HistogramSpec { Lower = [-2.5], Upper = [2.5], Bins = [20] };
        double[] pde = HistogramDistance.CellAveragesOn(spec, grid, density);
        var sampler = new LimitSampler(grid, density);
        double vol = HistogramDistance.BinVolume(spec);
        var l1 = new List<double>();
        var reported = new List<double>();
        for (int ensemble = 0; ensemble < 200; ensemble++)
        {
            var (mean, se) = MeanHistogram(sampler, spec, 50, 100, 1000 + (ulong)ensemble, 0.4);
            var estimate = HistogramDistance.Of(mean, se, pde, vol);
            l1.Add(estimate.L1);
            reported.Add(estimate.StandardError);
            Assert.True(estimate.L1 > 5 * estimate.NoiseFloor, $"L1 {estimate.L1} against its floor {estimate.NoiseFloor}");
        }
        double m = l1.Average(), spread = Math.Sqrt(l1.Sum(v => (v - m) * (v - m)) / (l1.Count - 1));
        double ratio = spread / reported.Average();
        TestContext.Current.SendDiagnosticMessage(
            $"L1 of a shifted cloud {m:F4}: spread {spread:E3}, delta-method se {reported.Average():E3}, ratio {ratio:F3}");
        Assert.InRange(ratio, 0.8, 1.2);
    }

    [Fact]
    public void TheFloorAndStandardErrorHaveTheirFormulas()
    {
        double[] se = [0.1, 0.2, 0.0, 0.4];
        Assert.Equal(Math.Sqrt(2 / Math.PI) * 0.5 * 0.7, HistogramDistance.NoiseFloor(se, 0.5), 1e-15);
        Assert.Equal(0.5 * Math.Sqrt(0.01 + 0.04 + 0.16), HistogramDistance.StandardError(se, 0.5), 1e-15);
        Assert.Equal(0.5 * (0.1 + 0.3 + 0 + 1), HistogramDistance.L1([1.0, 2.0, 3.0, 4.0], [0.9, 2.3, 3.0, 5.0], 0.5), 1e-15);
        Assert.Throws<ArgumentException>(() => HistogramDistance.L1([1.0], [1.0, 2.0], 0.5));
    }

    /// <summary>Mean and standard error per bin over R realisations of the histogram of N draws (moved by shift).</summary>
    private static (double[] Mean, double[] StandardError) MeanHistogram(LimitSampler sampler, HistogramSpec spec, int realisations, int n, ulong seed,
        double shift)
    {
        int bins = spec.Bins[0];
        double width = (spec.Upper[0] - spec.Lower[0]) / bins;
        var sum = new double[bins];
        var sumSquares = new double[bins];
        var x = new double[n];
        for (int r = 0; r < realisations; r++)
        {
            sampler.Fill(new NoiseStream(seed, (uint)r), 0, 0, x);
            var h = new double[bins];
            foreach (double v in x)
            {
                double u = (v + shift - spec.Lower[0]) / width;
                if (u >= 0 && u < bins) h[(int)u] += 1.0 / (n * width);
            }
            for (int b = 0; b < bins; b++)
            {
                sum[b] += h[b];
                sumSquares[b] += h[b] * h[b];
            }
        }
        var mean = sum.Select(v => v / realisations).ToArray();
        var se = Enumerable.Range(0, bins)
            .Select(b => Math.Sqrt(Math.Max(0, (sumSquares[b] - realisations * mean[b] * mean[b]) / (realisations - 1)) / realisations)).ToArray();
        return (mean, se);
    }
}
