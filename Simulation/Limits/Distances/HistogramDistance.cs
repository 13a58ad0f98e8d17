using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits.Distances;

/// <summary>
/// The L1 distance between the ensemble-averaged histogram and the PDE on the histogram's bins, with the two
/// numbers it must be read against.
/// - <see cref="CellAveragesOn"/>: the PDE's average density on each bin, by exact overlap integration of its
///   piecewise-constant density, normalised by the PDE's total mass (so it compares with the particle histogram,
///   whose bins hold fractions of N over the bin volume). Flattened x fastest like Simulation/Observables/Histogram.
///   1 - vol sum_b p_b is the PDE's mass outside the histogram box, the counterpart of the histogram's outside fraction.
/// - <see cref="L1"/> = sum_b vol |m_b - p_b| with m_b the mean over realisations of bin b: it estimates
///   || E[histogram] - PDE ||_L1 on the histogram box, i.e. the bias of the N-particle law (plus the PDE's
///   discretisation), not the per-realisation sampling noise. But |.| turns the mean's own noise into a positive
///   bias: with R realisations, E L1 &gt;= the true distance, and equals about <see cref="NoiseFloor"/> when the
///   true distance is 0.
/// - <see cref="NoiseFloor"/> = sqrt(2/pi) sum_b vol se_b: the expected L1 of pure noise, E|Z| = se sqrt(2/pi)
///   for Z ~ N(0, se^2) in each bin. An L1 near the floor is no evidence of a distance.
/// - <see cref="StandardError"/> = vol sqrt(sum_b se_b^2): the delta method, d L1 / d m_b = vol sign(m_b - p_b),
///   with the bins' means treated as uncorrelated (the accumulator keeps no covariances across bins; within a
///   realisation the bins are only weakly, negatively correlated, -sqrt(p_b p_c) for multinomial counts, small
///   with many bins). Valid where the distance dominates (|m_b - p_b| &gt;&gt; se_b in the bins that carry it); near the
///   floor the estimator is not normal, and the floor is the number to read instead.
/// </summary>
public static class HistogramDistance
{
    private const double SqrtTwoOverPi = 0.7978845608028654;

    /// <summary>The L1 distance with its delta-method standard error and its pure-noise floor.</summary>
    public readonly record struct Estimate(double L1, double StandardError, double NoiseFloor);

    /// <summary>The volume of one bin of the histogram (the product of the bin widths).</summary>
    public static double BinVolume(HistogramSpec histogram)
    {
        double volume = 1.0;
        for (int a = 0; a < histogram.Bins.Count; a++) volume *= (histogram.Upper[a] - histogram.Lower[a]) / histogram.Bins[a];
        return volume;
    }

    /// <summary>
    /// The PDE's mean density on each bin: (1 / (vol M)) sum_cells u_c |cell ∩ bin| with M = sum_c u_c h^d, the
    /// overlap volume a product of 1D overlaps. Mass outside the histogram box is in no bin, as for the particles.
    /// </summary>
    public static double[] CellAveragesOn(HistogramSpec histogram, UniformGrid grid, ReadOnlySpan<double> density)
    {
        int d = grid.Dimension;
        if (histogram.Bins.Count != d || histogram.Lower.Count != d || histogram.Upper.Count != d)
            throw new ArgumentException($"a {d}D histogram for a {d}D grid, found {histogram.Bins.Count} axes", nameof(histogram));
        if (density.Length != grid.CellCount) throw new ArgumentException($"{grid.CellCount} cell values, found {density.Length}", nameof(density));

        var overlaps = new Overlap[d][];
        int binCount = 1;
        for (int a = 0; a < d; a++)
        {
            overlaps[a] = Overlaps(histogram.Lower[a], histogram.Upper[a], histogram.Bins[a], grid, a);
            binCount *= histogram.Bins[a];
        }
        double mass = 0.0, cellVolume = 1.0;
        for (int c = 0; c < grid.CellCount; c++) mass += density[c];
        for (int a = 0; a < d; a++) cellVolume *= grid.Spacing; // not Math.Pow: its bits are the C library's
        mass *= cellVolume;
        if (!(mass > 0)) throw new ArgumentException("a density of positive mass", nameof(density));

        var bins = new double[binCount];
        int binsX = histogram.Bins[0], cellsX = grid.Cells[0];
        int binsY = d > 1 ? histogram.Bins[1] : 1, cellsY = d > 1 ? grid.Cells[1] : 1;
        Overlap[] unit = [new Overlap(0, 0, 1.0)];
        Overlap[] ys = d > 1 ? overlaps[1] : unit, zs = d > 2 ? overlaps[2] : unit;
        // Fixed loop order (z, y, x overlaps), so each bin sums its contributions in the same order every time.
        foreach (Overlap z in zs)
        {
            foreach (Overlap y in ys)
            {
                double lengthYz = y.Length * z.Length;
                int binYz = binsX * (y.Bin + binsY * z.Bin), cellYz = cellsX * (y.Cell + cellsY * z.Cell);
                foreach (Overlap x in overlaps[0]) bins[binYz + x.Bin] += density[cellYz + x.Cell] * (x.Length * lengthYz);
            }
        }
        double scale = 1.0 / (BinVolume(histogram) * mass);
        for (int b = 0; b < binCount; b++) bins[b] *= scale;
        return bins;
    }

    /// <summary>sum_b vol |m_b - p_b|.</summary>
    public static double L1(ReadOnlySpan<double> meanHistogram, ReadOnlySpan<double> pdeBins, double binVolume)
    {
        if (meanHistogram.Length != pdeBins.Length) throw new ArgumentException($"{pdeBins.Length} bins, found {meanHistogram.Length}", nameof(meanHistogram));
        double sum = 0.0;
        for (int b = 0; b < pdeBins.Length; b++) sum += Math.Abs(meanHistogram[b] - pdeBins[b]);
        return binVolume * sum;
    }

    /// <summary>sqrt(2/pi) sum_b vol se_b: the expected L1 when every bin's mean is the PDE's value plus its noise.</summary>
    public static double NoiseFloor(ReadOnlySpan<double> standardErrors, double binVolume)
    {
        double sum = 0.0;
        foreach (double se in standardErrors) sum += se;
        return SqrtTwoOverPi * binVolume * sum;
    }

    /// <summary>vol sqrt(sum_b se_b^2): the delta-method standard error of <see cref="L1"/> (see the summary).</summary>
    public static double StandardError(ReadOnlySpan<double> standardErrors, double binVolume)
    {
        double sum = 0.0;
        foreach (double se in standardErrors) sum += se * se;
        return binVolume * Math.Sqrt(sum);
    }

    /// <summary>All three from the bins' means and standard errors across realisations.</summary>
    public static Estimate Of(ReadOnlySpan<double> meanHistogram, ReadOnlySpan<double> standardErrors, ReadOnlySpan<double> pdeBins, double binVolume)
    {
        if (standardErrors.Length != pdeBins.Length)
            throw new ArgumentException($"{pdeBins.Length} bins, found {standardErrors.Length}", nameof(standardErrors));
        return new Estimate(L1(meanHistogram, pdeBins, binVolume), StandardError(standardErrors, binVolume), NoiseFloor(standardErrors, binVolume));
    }

    private readonly record struct Overlap(int Bin, int Cell, double Length);

    /// <summary>Every (bin, cell) pair on one axis whose intervals overlap, with the overlap's length: a merge of the two sets of edges.</summary>
    private static Overlap[] Overlaps(double lower, double upper, int bins, UniformGrid grid, int axis)
    {
        if (!(upper > lower) || bins < 1) throw new ArgumentException($"histogram axis {axis}: lower < upper and at least one bin");
        double width = (upper - lower) / bins;
        var list = new List<Overlap>(bins + grid.Cells[axis]);
        int b = 0, c = 0, cells = grid.Cells[axis];
        double h = grid.Spacing, gridLower = grid.Lower[axis];
        while (b < bins && c < cells)
        {
            double bin0 = lower + b * width, bin1 = b == bins - 1 ? upper : lower + (b + 1) * width;
            double cell0 = gridLower + c * h, cell1 = gridLower + (c + 1) * h;
            double length = Math.Min(bin1, cell1) - Math.Max(bin0, cell0);
            if (length > 0) list.Add(new Overlap(b, c, length));
            if (bin1 <= cell1) b++;
            else c++;
        }
        return list.ToArray();
    }
}
