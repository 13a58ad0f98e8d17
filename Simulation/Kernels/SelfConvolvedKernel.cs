using MathNet.Numerics.Integration;

namespace Ensemble.Simulation.Kernels;

/// <summary>
/// W = V * V for a unit-mass radial mollifier V = C_d f(|x|^2) (support radius 1, so W has radius 2),
/// through its radial derivative W'(s), s = |z|. For m = 2 the drift of (1.6) is exactly a pairwise
/// interaction with W^eps = V^eps * V^eps, which this makes available.
/// W'(s) = integral of d1 V(s e1 - y) V(y) dy is computed by Gauss–Legendre in coordinates
/// (y1, rho = |y_perp|) where both factors are radial: y1 over the lens of the two balls split at
/// s/2 (where the binding ball changes), rho over [0, c(y1)] with measure 1, 2 or 2 pi rho in d = 1, 2, 3.
/// Tabulated on [0, 2] and read back by 4-point Lagrange interpolation (error O(h^4)).
/// </summary>
internal sealed class SelfConvolvedKernel
{
    private const int Intervals = 2048;
    private const int QuadratureOrder = 48;
    private readonly double[] _derivative;
    private readonly double _step;

    public SelfConvolvedKernel(KernelShape shape, int dimension)
    {
        Shape = shape;
        Dimension = dimension;
        _step = 2.0 / Intervals;
        _derivative = new double[Intervals + 4];
        double c = KernelNormalisation.Constant(shape, dimension);
        for (int i = 0; i <= Intervals; i++) _derivative[i + 1] = c * c * DerivativeByQuadrature(shape, dimension, i * _step);
        // W' is odd about 0 and vanishes (with its derivatives) at 2: ghost nodes by symmetry.
        _derivative[0] = -_derivative[2];
        _derivative[Intervals + 2] = 0.0;
        _derivative[Intervals + 3] = 0.0;
    }

    public KernelShape Shape { get; }
    public int Dimension { get; }

    /// <summary>Radius of the support of W (twice that of V).</summary>
    public static double Radius => 2.0;

    /// <summary>W'(s) for s = |z| &gt;= 0 (zero for s &gt;= 2).</summary>
    public double RadialDerivative(double s)
    {
        if (s >= 2.0) return 0.0;
        double u = s / _step;
        int i = Math.Min((int)u, Intervals - 1);
        double t = u - i;
        // Nodes i-1, i, i+1, i+2 live at indices i, i+1, i+2, i+3 of the padded table.
        double p0 = _derivative[i], p1 = _derivative[i + 1], p2 = _derivative[i + 2], p3 = _derivative[i + 3];
        return p1 + t * (-(p0 / 3) - p1 / 2 + p2 - p3 / 6
                   + t * ((p0 + p2) / 2 - p1
                   + t * ((p3 - p0) / 6 + (p1 - p2) / 2)));
    }

    /// <summary>Unnormalised W'(s)/C_d^2 by nested Gauss–Legendre.</summary>
    public static double DerivativeByQuadrature(KernelShape shape, int dimension, double s, int order = QuadratureOrder)
    {
        if (s >= 2.0) return 0.0;
        double lo = Math.Max(-1.0, s - 1.0), hi = Math.Min(1.0, s + 1.0), mid = s / 2;
        return Outer(shape, dimension, s, lo, mid, order) + Outer(shape, dimension, s, mid, hi, order);
    }

    private static double Outer(KernelShape shape, int dimension, double s, double a, double b, int order)
    {
        if (b <= a) return 0.0;
        return GaussLegendreRule.Integrate(y1 => Inner(shape, dimension, s, y1, order), a, b, order);
    }

    private static double Inner(KernelShape shape, int dimension, double s, double y1, int order)
    {
        double z1 = s - y1;
        double Integrand(double rho2) =>
            RadialProfile.GradientFactor(shape, z1 * z1 + rho2) * z1 * RadialProfile.Value(shape, y1 * y1 + rho2);
        if (dimension == 1) return Integrand(0.0);
        double reach2 = Math.Min(1.0 - y1 * y1, 1.0 - z1 * z1);
        if (reach2 <= 0.0) return 0.0;
        double reach = Math.Sqrt(reach2);
        return dimension == 2
            ? 2.0 * GaussLegendreRule.Integrate(rho => Integrand(rho * rho), 0.0, reach, order)
            : 2.0 * Math.PI * GaussLegendreRule.Integrate(rho => rho * Integrand(rho * rho), 0.0, reach, order);
    }
}
