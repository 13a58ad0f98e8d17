namespace Ensemble.Simulation.Numerics;

/// <summary>
/// sin and cos of any double with the same bits on every x64 CPU (Math.Sin and Math.Cos are glibc's,
/// which has FMA variants), from IEEE-exact operations only, as <see cref="FixedLog"/>.
/// Reduction: q = round(x 2/pi), r = ((x - q P1) - q P2) - q P3 with pi/2 = P1 + P2 + P3 split so
/// that q P1 and q P2 are exact for |q| &lt; 2^20 (33 significant bits each); then Taylor polynomials on
/// [-pi/4, pi/4] (those of <see cref="Random.VectorSinCos"/>) and the quadrant q mod 4. Within 2 ulp
/// of the exact value, and within about 1e-16 absolutely near the zeros, for |x| &lt; 2^20 pi/2 (1.6e6);
/// larger arguments lose accuracy with the reduction (still a value in [-1, 1], and still fixed bits).
/// NaN for a non-finite x.
/// </summary>
internal static class FixedTrig
{
    private const double TwoOverPi = 0.6366197723675814;
    private const double P1 = 1.5707963267341256;      // bits 0x3FF921FB54400000
    private const double P2 = 6.077100506303966e-11;    // bits 0x3DD0B4611A600000
    private const double P3 = 2.0222662487959506e-21;   // bits 0x3BA3198A2E037073

    public static double Sin(double x)
    {
        var (r, quadrant) = Reduce(x);
        if (double.IsNaN(r)) return double.NaN;
        double value = (quadrant & 1) == 0 ? SinKernel(r) : CosKernel(r);
        return quadrant >= 2 ? -value : value;
    }

    public static double Cos(double x)
    {
        var (r, quadrant) = Reduce(x);
        if (double.IsNaN(r)) return double.NaN;
        double value = (quadrant & 1) == 0 ? CosKernel(r) : SinKernel(r);
        return quadrant is 1 or 2 ? -value : value;
    }

    /// <summary>x = q pi/2 + r, |r| &lt;= pi/4 (about), and q mod 4 in 0..3.</summary>
    private static (double R, int Quadrant) Reduce(double x)
    {
        if (!double.IsFinite(x)) return (double.NaN, 0);
        double r = x;
        int quadrant = 0;
        // One pass for |x| < 2^20 pi/2. Past that q P1 rounds and leaves |r| up to about 2^-50 |x|,
        // so further passes bring it down: a value in [-1, 1] for every finite x, if an inaccurate one.
        do
        {
            double q = Math.Round(r * TwoOverPi);
            r = ((r - q * P1) - q * P2) - q * P3;
            // q is a whole number, so the remainder is exact: -3..3.
            quadrant = (quadrant + (int)(q % 4.0) + 4) & 3;
        }
        while (Math.Abs(r) > 0.79);
        return (r, quadrant);
    }

    /// <summary>sin x = x (1 - x^2/3! + ... + x^16/17!) for |x| &lt;= pi/4, Horner from the top.</summary>
    internal static double SinKernel(double x)
    {
        double x2 = x * x;
        double s = 1.0 / 355687428096000.0;
        s = s * x2 - 1.0 / 1307674368000.0;
        s = s * x2 + 1.0 / 6227020800.0;
        s = s * x2 - 1.0 / 39916800.0;
        s = s * x2 + 1.0 / 362880.0;
        s = s * x2 - 1.0 / 5040.0;
        s = s * x2 + 1.0 / 120.0;
        s = s * x2 - 1.0 / 6.0;
        return s * x2 * x + x;
    }

    /// <summary>cos x = 1 - x^2/2! + ... + x^16/16! for |x| &lt;= pi/4.</summary>
    internal static double CosKernel(double x)
    {
        double x2 = x * x;
        double c = 1.0 / 20922789888000.0;
        c = c * x2 - 1.0 / 87178291200.0;
        c = c * x2 + 1.0 / 479001600.0;
        c = c * x2 - 1.0 / 3628800.0;
        c = c * x2 + 1.0 / 40320.0;
        c = c * x2 - 1.0 / 720.0;
        c = c * x2 + 1.0 / 24.0;
        c = c * x2 - 0.5;
        return c * x2 + 1.0;
    }
}
