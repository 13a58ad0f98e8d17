using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Distances;
using Ensemble.Simulation.Random;
using Xunit;

namespace Ensemble.Tests.Limits.Distances;

public sealed class SamplingFloorTests
{
    private static readonly UniformGrid Line = new([-4.0], [64], 0.125);
    private static readonly double[] Bump = Densities.Gaussian1D(Line, 0.2, 0.8);

    [Fact]
    public void DrawsAreFixedByTheirAddressAndIndependentOfTheParticleNoise()
    {
        var sampler = new LimitSampler(Line, Bump);
        var noise = new NoiseStream(99, 5);
        double[] a = new double[100], b = new double[100], otherStep = new double[100], otherRealisation = new double[100];
        sampler.Fill(noise, 3, 1, a);
        sampler.Fill(new NoiseStream(99, 5), 3, 1, b);
        sampler.Fill(noise, 4, 1, otherStep);
        sampler.Fill(new NoiseStream(99, 6), 3, 1, otherRealisation);
        Assert.Equal(a, b);
        Assert.NotEqual(a, otherStep);
        Assert.NotEqual(a, otherRealisation);

        // Particle p's draw is the same whether the fill is 10 or 100 long, and is not built from the Brownian or initial bits.
        double[] shorter = new double[10];
        sampler.Fill(noise, 3, 1, shorter);
        Assert.Equal(a[..10], shorter);
        double cellPick = noise.Uniform(NoisePurpose.LimitSample, 3, 1, 0, 0);
        Assert.NotEqual(cellPick, noise.Uniform(NoisePurpose.BrownianIncrement, 3, 1, 0, 0));
        Assert.NotEqual(cellPick, noise.Uniform(NoisePurpose.InitialPosition, 3, 1, 0, 0));
    }

    [Fact]
    public void TheSlicedFloorIn2DFallsAsNToTheMinusOneHalf()
    {
        // Each slice is a 1D problem, so the sliced W1 of N draws also falls as N^-1/2: slope within 3 standard
        // errors + 0.02, over N = 250 .. 2000 and 32 realisations, the se propagated from each N's mean's own se.
        var grid = new UniformGrid([-2.0, -1.5], [20, 16], 0.2);
        double[] density = Densities.Gaussian2D(grid, 0.2, -0.1, 0.6, 0.45, 0.4);
        var sampler = new LimitSampler(grid, density);
        var sliced = SlicedWasserstein.Of(grid, density);
        var logN = new List<double>();
        var logW1 = new List<double>();
        var logSe = new List<double>();
        foreach (int n in new[] { 250, 500, 1000, 2000 })
        {
            double[] w = Enumerable.Range(0, 32).Select(r => SamplingFloor.Sliced(sampler, sliced, new NoiseStream(77, (uint)r), 5, 0, n)).ToArray();
            double mean = w.Average(), se = Math.Sqrt(w.Sum(v => (v - mean) * (v - mean)) / (w.Length - 1) / w.Length);
            logN.Add(Math.Log(n));
            logW1.Add(Math.Log(mean));
            logSe.Add(se / mean);
        }
        var (slope, slopeSe) = Densities.Slope(logN, logW1, logSe);
        TestContext.Current.SendDiagnosticMessage($"sliced floor in 2D: slope {slope:F3} +- {slopeSe:F3}");
        Assert.InRange(slope, -0.5 - 3 * slopeSe - 0.02, -0.5 + 3 * slopeSe + 0.02);
    }

    [Fact]
    public void TheFloorHelpersAreTheDistancesOfTheAddressedDraws()
    {
        var sampler = new LimitSampler(Line, Bump);
        var line = LineDensity.Of(Line, Bump);
        var noise = new NoiseStream(3, 17);
        var x = new double[500];
        sampler.Fill(noise, 2, 0, x);
        Assert.Equal(Wasserstein1D.Between(Wasserstein1D.Sorted(x), line), SamplingFloor.In1D(sampler, line, noise, 2, 0, 500));

        var grid = new UniformGrid([-1.0, -1.0], [10, 8], 0.25);
        double[] density = Densities.Gaussian2D(grid, 0.1, 0.0, 0.5, 0.4, -0.2);
        var sampler2 = new LimitSampler(grid, density);
        var sliced = SlicedWasserstein.Of(grid, density);
        double[] px = new double[400], py = new double[400];
        sampler2.Fill(noise, 2, 1, px, py);
        double floor = SamplingFloor.Sliced(sampler2, sliced, noise, 2, 1, 400);
        Assert.Equal(sliced.W1(px, py), floor);
        Assert.InRange(floor, 1e-3, 0.1);
    }

    [Fact]
    public void DrawsFallInEachCellWithItsMassAndNeverInAnEmptyCell()
    {
        var grid = new UniformGrid([0.0, 0.0], [4, 3], 0.5);
        double[] density = [1, 0, 2, 3, 0, 0, 4, 1, 2, 2, 0, 5];
        var sampler = new LimitSampler(grid, density);
        const int n = 40_000;
        double[] x = new double[n], y = new double[n];
        sampler.Fill(new NoiseStream(7, 0), 0, 0, x, y);
        var counts = new int[grid.CellCount];
        for (int p = 0; p < n; p++) counts[(int)(x[p] / 0.5) + 4 * (int)(y[p] / 0.5)]++;
        double total = density.Sum();
        for (int c = 0; c < grid.CellCount; c++)
        {
            double expected = n * density[c] / total, sd = Math.Sqrt(expected * (1 - density[c] / total));
            if (density[c] == 0) Assert.Equal(0, counts[c]);
            else Assert.InRange(counts[c], expected - 4 * sd, expected + 4 * sd);
        }
        // Uniform inside a cell: the mean offset within its cell is 1/2 (se 1/sqrt(12 n)).
        double meanOffset = x.Average(v => v / 0.5 - Math.Floor(v / 0.5));
        Assert.InRange(meanOffset, 0.5 - 4 / Math.Sqrt(12.0 * n), 0.5 + 4 / Math.Sqrt(12.0 * n));
    }

    [Fact]
    public void TheFloorOfW1FallsAsNToTheMinusOneHalfWithTheDonskerConstant()
    {
        // For N i.i.d. draws from F, E W1 = int E|F_N - F| dx ~ N^-1/2 int sqrt(2 F (1 - F) / pi) dx.
        // Mean W1 over 64 realisations at N = 250 .. 4000; the slope of log mean W1 on log N is -1/2 within
        // 3 of its standard errors (propagated from each N's mean) + 0.02 for the O(1/N) terms; sqrt(N) mean W1 at
        // N = 4000 is the constant within 3 standard errors + 2%.
        var sampler = new LimitSampler(Line, Bump);
        var line = LineDensity.Of(Line, Bump);
        int[] sizes = [250, 500, 1000, 2000, 4000];
        const int realisations = 64;
        var logN = new List<double>();
        var logW1 = new List<double>();
        var logSe = new List<double>();
        double scaledMean = 0.0, scaledSe = 0.0;
        foreach (int n in sizes)
        {
            var w = new double[realisations];
            var x = new double[n];
            for (int r = 0; r < realisations; r++)
            {
                sampler.Fill(new NoiseStream(2026, (uint)r), 1, 0, x);
                Array.Sort(x);
                w[r] = Wasserstein1D.Between(x, line).W1;
            }
            double mean = w.Average(), se = Math.Sqrt(w.Sum(v => (v - mean) * (v - mean)) / (realisations - 1) / realisations);
            logN.Add(Math.Log(n));
            logW1.Add(Math.Log(mean));
            logSe.Add(se / mean);
            scaledMean = Math.Sqrt(n) * mean;
            scaledSe = Math.Sqrt(n) * se;
        }
        var (slope, slopeSe) = Densities.Slope(logN, logW1, logSe);

        double constant = 0.0;
        const int nodes = 200_000;
        double dx = (line.Upper - line.Lower) / nodes;
        for (int i = 0; i < nodes; i++)
        {
            double f = line.Cdf(line.Lower + (i + 0.5) * dx);
            constant += Math.Sqrt(2 * f * (1 - f) / Math.PI) * dx;
        }
        TestContext.Current.SendDiagnosticMessage(
            $"floor: slope {slope:F3} +- {slopeSe:F3}; sqrt(N) E W1 at N = 4000: {scaledMean:F4} +- {scaledSe:F4}, Donsker constant {constant:F4}");
        Assert.InRange(slope, -0.5 - 3 * slopeSe - 0.02, -0.5 + 3 * slopeSe + 0.02);
        Assert.InRange(scaledMean, constant * 0.98 - 3 * scaledSe, constant * 1.02 + 3 * scaledSe);
    }
}
