using MathNet.Numerics.Integration;

namespace Ensemble.Simulation.Kernels;

/// <summary>
/// The constant C_d with C_d * integral over R^d of f(|x|^2) dx = 1, so that a scaled kernel
/// eta^-d C_d f(|x|^2/eta^2) has unit mass. The polynomial bump has closed forms
/// (35/32, 4/pi, 315/(64 pi)); the smooth bump is integrated radially with Gauss–Legendre, whose
/// error for this C-infinity integrand is far below double precision at 256 nodes.
/// </summary>
public static class KernelNormalisation
{
    public static double Constant(KernelShape shape, int dimension)
    {
        if (dimension is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "expected 1, 2 or 3");
        if (shape == KernelShape.PolynomialBump)
        {
            return dimension switch
            {
                1 => 35.0 / 32.0,
                2 => 4.0 / Math.PI,
                _ => 315.0 / (64.0 * Math.PI),
            };
        }
        double sphere = SphereArea(dimension);
        double radial = GaussLegendreRule.Integrate(
            r => Math.Pow(r, dimension - 1) * RadialProfile.Value(shape, r * r), 0.0, 1.0, 256);
        return 1.0 / (sphere * radial);
    }

    /// <summary>Surface measure of the unit sphere S^(d-1): 2, 2 pi, 4 pi.</summary>
    public static double SphereArea(int dimension) => dimension switch
    {
        1 => 2.0,
        2 => 2.0 * Math.PI,
        3 => 4.0 * Math.PI,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };
}
