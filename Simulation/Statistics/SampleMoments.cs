using MathNet.Numerics.Distributions;

namespace Ensemble.Simulation.Statistics;

/// <summary>
/// Estimates from power sums over R realisations (S_k = sum_r x_r^k, exact sums rounded to double).
/// </summary>
/// <remarks>
/// The sums are exact, but the formulas below combine them in double, so a central quantity suffers
/// the cancellation of the one-pass formulas: the sample variance has relative error about
/// eps * mean^2 / variance (eps = 2^-53), the fourth central moment about eps * mean^4 / m4. For the
/// observables here (positions of order one, spreads not many orders smaller) that is far below the
/// Monte Carlo error; an observable whose spread is 1e-8 of its mean would lose all its digits.
/// The price buys sums that are bit-identical in any order, which no shifted or two-pass form can.
/// </remarks>
internal static class SampleMoments
{
    /// <summary>Two-sided 95% quantile of Student's t with R - 1 degrees of freedom; NaN for R &lt; 2.</summary>
    public static double StudentQuantile(long r) => r >= 2 ? StudentT.InvCDF(0.0, 1.0, r - 1, 0.975) : double.NaN;

    /// <summary>Sample variance s^2 = (S2 - S1^2 / R) / (R - 1), clamped at 0 against rounding; NaN for R &lt; 2.</summary>
    public static double Variance(long r, double s1, double s2) =>
        r >= 2 ? Math.Max(0.0, (s2 - s1 * (s1 / r)) / (r - 1)) : double.NaN;

    /// <summary>Sample covariance (S01 - S0 S1 / R) / (R - 1); NaN for R &lt; 2.</summary>
    public static double Covariance(long r, in CrossPowerSums s) =>
        r >= 2 ? (s.X0X1 - s.X0 * (s.X1 / r)) / (r - 1) : double.NaN;

    /// <summary>
    /// Standard error of the sample covariance: sd(Y) / sqrt(R) for the centred products
    /// Y_r = (X0_r - m0)(X1_r - m1), whose sample variance needs sum Y and sum Y^2. With S1 = R m:
    /// sum Y = S01 - R m0 m1 and
    /// sum Y^2 = S0011 - 2 m1 S001 - 2 m0 S011 + m1^2 S00 + m0^2 S11 + 4 m0 m1 S01 - 3 R m0^2 m1^2
    /// (S001 = sum X0^2 X1, S011 = sum X0 X1^2, S0011 = sum X0^2 X1^2). NaN for R &lt; 2.
    /// </summary>
    public static double CovarianceStandardError(long r, in CrossPowerSums s)
    {
        if (r < 2) return double.NaN;
        double m0 = s.X0 / r, m1 = s.X1 / r;
        double sumY = s.X0X1 - r * m0 * m1;
        double sumY2 = s.X0X0X1X1 - 2 * m1 * s.X0X0X1 - 2 * m0 * s.X0X1X1 + m1 * m1 * s.X0X0 + m0 * m0 * s.X1X1
                       + 4 * m0 * m1 * s.X0X1 - 3 * r * (m0 * m0) * (m1 * m1);
        double varianceY = Math.Max(0.0, (sumY2 - sumY * (sumY / r)) / (r - 1));
        return Math.Sqrt(varianceY / r);
    }

    /// <summary>
    /// Fourth central moment (divisor R): m4 = S4/R - 4 m S3/R + 6 m^2 S2/R - 3 m^4, m = S1/R.
    /// </summary>
    public static double FourthCentralMoment(long r, double s1, double s2, double s3, double s4)
    {
        double m = s1 / r, m2 = m * m;
        return s4 / r - 4 * m * (s3 / r) + 6 * m2 * (s2 / r) - 3 * m2 * m2;
    }

    /// <summary>
    /// Standard error of the sample variance s^2: Var(s^2) = (mu4 - sigma^4 (R - 3)/(R - 1)) / R, with
    /// mu4 estimated by the fourth central moment m4 and sigma^2 by s^2:
    /// se(s^2) = sqrt((m4 - s^4 (R - 3)/(R - 1)) / R) (clamped at 0 against rounding). NaN for R &lt; 2.
    /// </summary>
    public static double VarianceStandardError(long r, double variance, double fourthCentralMoment) =>
        r >= 2
            ? Math.Sqrt(Math.Max(0.0, fourthCentralMoment - variance * variance * (r - 3.0) / (r - 1.0)) / r)
            : double.NaN;
}

/// <summary>Power sums of a pair (X0, X1) over realisations, each rounded from an exact sum.</summary>
internal readonly record struct CrossPowerSums(
    double X0, double X1, double X0X0, double X1X1, double X0X1, double X0X0X1, double X0X1X1, double X0X0X1X1);
