namespace Ensemble.Simulation.Numerics;

/// <summary>
/// Powers with the same bits on every x64 CPU (Math.Pow is glibc's, whose variant depends on the CPU).
/// Whole exponents by repeated squaring (a fixed sequence of multiplications); others as
/// exp(y log x) from <see cref="FixedLog"/> and <see cref="FixedExp"/>, whose relative error grows
/// with |y log x|: about (1 + |y log x|) ulp, so a few ulp for the densities and ratios it is used for.
/// </summary>
internal static class FixedPow
{
    /// <summary>x^n by binary powering; x^-n as 1 / x^n.</summary>
    public static double Integer(double x, int n)
    {
        ulong e = n < 0 ? (ulong)-(long)n : (ulong)n;
        double result = 1.0, square = x;
        while (e != 0)
        {
            if ((e & 1) != 0) result *= square;
            e >>= 1;
            if (e != 0) square *= square;
        }
        return n < 0 ? 1.0 / result : result;
    }

    /// <summary>x^y for x &gt;= 0: whole y (|y| &lt; 2^31) through <see cref="Integer"/>, 0^y = 0 for y &gt; 0; NaN for x &lt; 0.</summary>
    public static double Pow(double x, double y)
    {
        if (y == Math.Floor(y) && Math.Abs(y) < int.MaxValue) return Integer(x, (int)y);
        if (x == 0.0 && y > 0.0) return 0.0;
        return FixedExp.Exp(y * FixedLog.Log(x));
    }
}
