namespace Ensemble.Simulation.Limits.Distances;

/// <summary>
/// The CDF of U_1 + ... + U_k with U_a uniform on [0, w_a] independent, k = 1 to 3: the law of the projection
/// of a uniform cell (a segment, square or cube of side h) onto a unit direction u, with w_a = |u_a| h —
/// a trapezoid in 2D, a piecewise quadratic in 3D. Exact: F(t) = sum over subsets S of (-1)^|S| (t - sum_S w)_+^k
/// / (k! prod w) (inclusion-exclusion of the k-fold convolution), evaluated on the half t &lt;= W/2 of the
/// support and mirrored, F(t) = 1 - F(W - t), so the terms never cancel much. Widths must be positive.
/// </summary>
internal readonly struct UniformSumCdf
{
    private readonly double _w0, _w1, _w2;
    private readonly int _count;
    private readonly double _scale;

    public UniformSumCdf(ReadOnlySpan<double> widths)
    {
        if (widths.Length is < 1 or > 3) throw new ArgumentException("1 to 3 widths", nameof(widths));
        foreach (double w in widths)
            if (!(w > 0)) throw new ArgumentException($"positive widths, found {w}", nameof(widths));
        _count = widths.Length;
        _w0 = widths[0];
        _w1 = _count > 1 ? widths[1] : 0.0;
        _w2 = _count > 2 ? widths[2] : 0.0;
        Support = _w0 + _w1 + _w2;
        _scale = _count switch
        {
            1 => 1.0 / _w0,
            2 => 1.0 / (2.0 * _w0 * _w1),
            _ => 1.0 / (6.0 * _w0 * _w1 * _w2),
        };
    }

    /// <summary>The length of the support, sum of the widths.</summary>
    public double Support { get; }

    /// <summary>P(U_1 + ... + U_k &lt;= t).</summary>
    public double At(double t)
    {
        if (t <= 0) return 0.0;
        if (t >= Support) return 1.0;
        double half = 0.5 * Support;
        return t <= half ? Lower(t) : 1.0 - Lower(Support - t);
    }

    private double Lower(double t)
    {
        double value = _count switch
        {
            1 => t,
            2 => Power(t, 2) - Power(t - _w0, 2) - Power(t - _w1, 2) + Power(t - _w0 - _w1, 2),
            _ => Power(t, 3) - Power(t - _w0, 3) - Power(t - _w1, 3) - Power(t - _w2, 3)
                 + Power(t - _w0 - _w1, 3) + Power(t - _w0 - _w2, 3) + Power(t - _w1 - _w2, 3) - Power(t - _w0 - _w1 - _w2, 3),
        };
        return Math.Clamp(value * _scale, 0.0, 1.0);
    }

    /// <summary>(x)_+^k for k = 2, 3.</summary>
    private static double Power(double x, int k) => x <= 0 ? 0.0 : k == 2 ? x * x : x * x * x;
}
