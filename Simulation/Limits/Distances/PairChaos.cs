using Ensemble.Simulation.Random;

namespace Ensemble.Simulation.Limits.Distances;

/// <summary>
/// Corollary 1.11 with M = 2: the total variation between the tagged pair's joint law and the product of its
/// marginals, on the B x B grid of a <see cref="PairHistogram"/>, from the joint frequencies across R realisations.
/// The law is taken conditional on both particles inside [lower, upper] (the frequencies divided by their sum
/// over the B^2 bins; R' = R times that sum realisations count): an independent pair stays independent under
/// that conditioning, so TV = 0 is still exactly "no dependence seen at this resolution".
///
/// Estimate: T = 1/2 sum_ij |p_ij - p_i q_j|, p_i = sum_j p_ij (particle 0), q_j = sum_i p_ij (particle 1). As R grows it
/// tends to the TV between the binned joint law and the product of its binned marginals, which is at most the TV
/// between the pair's law and the product of its one-particle laws (binning is a contraction): Corollary 1.11 says
/// the latter goes to 0 as N grows, so T - Bias should too, at any fixed resolution B.
///
/// Standard error (delta method for the multinomial frequencies): with s_ij = sign(p_ij - p_i q_j), the gradient
/// is g_ij = dT/dp_ij = 1/2 (s_ij - sum_l s_il q_l - sum_k s_kj p_k) (from d(p_k q_l)/dp_ij = d_ki q_l + p_k d_lj),
/// and Var T ~ (sum_ij p_ij g_ij^2 - (sum_ij p_ij g_ij)^2) / R', the variance of the influence function g(I, J).
/// Accurate where the dependence is resolved (|p_ij - p_i q_j| well above its noise); for an independent pair T
/// is a sum of folded normals, whose spread it overestimates (by up to 1 / sqrt(1 - 2/pi) ~ 1.7), so it is
/// conservative there; at an exact product law (T = 0, as for B = 1) it is 0 and the bias is the number to read.
///
/// Bias: the plug-in T is positive even for an independent pair. Reported: E T for R' pairs drawn independently
/// from the product of the observed marginals, computed by a deterministic Monte Carlo of
/// <see cref="BiasReplicates"/> replicates (Philox4x32 under a fixed key, so the same bits every time) for
/// R' &lt;= <see cref="MonteCarloLimit"/>; above that, where every cell that matters holds many counts, by the
/// normal approximation sqrt(R') (p^_ij - p^_i q^_j) ~ N(0, p_i (1 - p_i) q_j (1 - q_j)), which gives
/// E T ~ 1/2 sqrt(2 / (pi R')) (sum_i sqrt(p_i (1 - p_i))) (sum_j sqrt(q_j (1 - q_j))).
/// T - Bias, compared with its standard error, is the evidence of dependence.
/// </summary>
public static class PairChaos
{
    /// <summary>
    /// Replicates of the bias's Monte Carlo: its own relative error is CV(T) / 8, CV(T) the spread of T over its mean
    /// for an independent pair (about 0.13 at B = 8, R' = 2000, so 1.6%; larger only for B = 2, where it is ~0.75).
    /// </summary>
    public const int BiasReplicates = 64;

    /// <summary>Largest R' whose bias is computed by Monte Carlo (2^18: at most 2^24 pairs, 2^23 Philox blocks).</summary>
    public const long MonteCarloLimit = 1L << 18;

    private const uint BiasKey0 = 0x7A11_C0DE, BiasKey1 = 0x0000_0111;
    private const double Inv32 = 1.0 / 4294967296.0;

    /// <summary>
    /// TV with its standard error and its finite-R bias, from the joint frequencies (length B^2, or B^2 + 1 with the
    /// outside fraction last) over <paramref name="realisations"/> realisations. All NaN when no pair fell inside.
    /// </summary>
    public static (double Estimate, double StandardError, double Bias) TotalVariation(ReadOnlySpan<double> jointFrequencies, int bins, long realisations)
    {
        if (bins < 1) throw new ArgumentException($"at least one bin, found {bins}", nameof(bins));
        int cells = bins * bins;
        if (jointFrequencies.Length != cells && jointFrequencies.Length != cells + 1)
            throw new ArgumentException($"{cells} or {cells + 1} joint frequencies for {bins} bins, found {jointFrequencies.Length}", nameof(jointFrequencies));
        if (realisations < 1) throw new ArgumentException($"at least one realisation, found {realisations}", nameof(realisations));

        double inside = 0.0;
        for (int k = 0; k < cells; k++)
        {
            double f = jointFrequencies[k];
            if (!(f >= 0) || !double.IsFinite(f)) throw new ArgumentException($"nonnegative frequencies, found {f} at {k}", nameof(jointFrequencies));
            inside += f;
        }
        long pairs = (long)Math.Round(realisations * inside);
        if (!(inside > 0) || pairs < 1) return (double.NaN, double.NaN, double.NaN);

        var joint = new double[cells];
        for (int k = 0; k < cells; k++) joint[k] = jointFrequencies[k] / inside;
        var (p, q) = Marginals(joint, bins);
        double estimate = Distance(joint, p, q, bins);
        double standardError = StandardError(joint, p, q, bins, pairs);
        double bias = pairs <= MonteCarloLimit ? MonteCarloBias(p, q, pairs) : NormalBias(p, q, pairs);
        return (estimate, standardError, bias);
    }

    /// <summary>1/2 sum_ij |p_ij - p_i q_j|, index i + B j.</summary>
    internal static double Distance(ReadOnlySpan<double> joint, ReadOnlySpan<double> p, ReadOnlySpan<double> q, int bins)
    {
        double sum = 0.0;
        for (int j = 0; j < bins; j++)
            for (int i = 0; i < bins; i++) sum += Math.Abs(joint[i + bins * j] - p[i] * q[j]);
        return 0.5 * sum;
    }

    internal static (double[] P, double[] Q) Marginals(ReadOnlySpan<double> joint, int bins)
    {
        var p = new double[bins];
        var q = new double[bins];
        for (int j = 0; j < bins; j++)
        {
            for (int i = 0; i < bins; i++)
            {
                p[i] += joint[i + bins * j];
                q[j] += joint[i + bins * j];
            }
        }
        return (p, q);
    }

    private static double StandardError(double[] joint, double[] p, double[] q, int bins, long pairs)
    {
        int cells = bins * bins;
        var sign = new double[cells];
        for (int j = 0; j < bins; j++)
            for (int i = 0; i < bins; i++)
            {
                // A difference at rounding level is no sign: at an exact product law the gradient is 0 (the kink).
                double difference = joint[i + bins * j] - p[i] * q[j];
                sign[i + bins * j] = Math.Abs(difference) <= 1e-14 ? 0.0 : Math.Sign(difference);
            }
        var rowTerm = new double[bins];    // sum_l s_il q_l
        var columnTerm = new double[bins]; // sum_k s_kj p_k
        for (int j = 0; j < bins; j++)
        {
            for (int i = 0; i < bins; i++)
            {
                rowTerm[i] += sign[i + bins * j] * q[j];
                columnTerm[j] += sign[i + bins * j] * p[i];
            }
        }
        double mean = 0.0, meanSquare = 0.0;
        for (int j = 0; j < bins; j++)
        {
            for (int i = 0; i < bins; i++)
            {
                double g = 0.5 * (sign[i + bins * j] - rowTerm[i] - columnTerm[j]);
                double w = joint[i + bins * j];
                mean += w * g;
                meanSquare += w * g * g;
            }
        }
        return Math.Sqrt(Math.Max(0.0, meanSquare - mean * mean) / pairs);
    }

    /// <summary>The mean of T over <see cref="BiasReplicates"/> samples of <paramref name="pairs"/> independent pairs from p x q.</summary>
    internal static double MonteCarloBias(double[] p, double[] q, long pairs)
    {
        int bins = p.Length;
        double[] rowCdf = Cumulative(p), columnCdf = Cumulative(q);
        var counts = new long[bins * bins];
        var joint = new double[bins * bins];
        double total = 0.0, n = pairs;
        for (int replicate = 0; replicate < BiasReplicates; replicate++)
        {
            Array.Clear(counts);
            // Two pairs per Philox block, 32 bits per bin choice (a bias below 2^-32 in the bin probabilities).
            for (long draw = 0; draw < pairs; draw += 2)
            {
                PhiloxBlock b = Philox4x32.Generate((uint)(draw >> 1), (uint)replicate, 0, 0, BiasKey0, BiasKey1);
                counts[Search(rowCdf, b.W0 * Inv32) + bins * Search(columnCdf, b.W1 * Inv32)]++;
                if (draw + 1 < pairs) counts[Search(rowCdf, b.W2 * Inv32) + bins * Search(columnCdf, b.W3 * Inv32)]++;
            }
            for (int k = 0; k < counts.Length; k++) joint[k] = counts[k] / n;
            var (pHat, qHat) = Marginals(joint, bins);
            total += Distance(joint, pHat, qHat, bins);
        }
        return total / BiasReplicates;
    }

    /// <summary>1/2 sqrt(2 / (pi R')) (sum_i sqrt(p_i (1 - p_i))) (sum_j sqrt(q_j (1 - q_j))).</summary>
    internal static double NormalBias(double[] p, double[] q, long pairs)
    {
        double rows = 0.0, columns = 0.0;
        foreach (double v in p) rows += Math.Sqrt(Math.Max(0.0, v * (1.0 - v)));
        foreach (double v in q) columns += Math.Sqrt(Math.Max(0.0, v * (1.0 - v)));
        return 0.5 * Math.Sqrt(2.0 / (Math.PI * pairs)) * rows * columns;
    }

    /// <summary>Cumulative sums with the last entry forced to exactly 1 (the marginals sum to 1 up to rounding).</summary>
    private static double[] Cumulative(double[] weights)
    {
        var cumulative = new double[weights.Length];
        double sum = 0.0;
        for (int i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }
        for (int i = 0; i < weights.Length; i++) cumulative[i] /= sum;
        cumulative[^1] = 1.0;
        return cumulative;
    }

    /// <summary>The first index with cumulative &gt; u (u in [0, 1)); never a bin of zero weight.</summary>
    private static int Search(double[] cumulative, double u)
    {
        int low = 0, high = cumulative.Length - 1;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > u) high = mid;
            else low = mid + 1;
        }
        return low;
    }

}
