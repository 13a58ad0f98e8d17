using Ensemble.Simulation.Numerics;
using MathNet.Numerics.Integration;

namespace Ensemble.Simulation.Kernels;

/// <summary>
/// The constant C_d with C_d * integral over R^d of f(|x|^2) dx = 1, so that a scaled kernel
/// eta^-d C_d f(|x|^2/eta^2) has unit mass. Each profile gives its own
/// (<see cref="IKernelProfile.Normalisation"/>): closed forms where they exist, otherwise
/// <see cref="ByRadialQuadrature{TProfile}"/>.
/// </summary>
internal static class KernelNormalisation
{
    /// <summary>C_d of <paramref name="shape"/> in <paramref name="dimension"/> = 1, 2 or 3.</summary>
    public static double Constant(KernelShape shape, int dimension)
    {
        if (dimension is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "expected 1, 2 or 3");
        return KernelProfiles.Dispatch<NormalisationCall, double>(shape, new(dimension));
    }

    /// <summary>
    /// 1 / (|S^(d-1)| * integral_0^1 r^(d-1) f(r^2) dr), the radial integral by Gauss–Legendre, whose
    /// error for a C-infinity integrand such as the smooth bump is far below double precision at 256 nodes.
    /// Its bits are fixed: Math.NET takes the 256-point nodes and weights from a precomputed table and sums
    /// with plain arithmetic, and the profile's exponential is <see cref="FixedExp"/>.
    /// </summary>
    public static double ByRadialQuadrature<TProfile>(int dimension) where TProfile : struct, IKernelProfile
    {
        double sphere = SphereArea(dimension);
        double radial = GaussLegendreRule.Integrate(
            r => FixedPow.Integer(r, dimension - 1) * TProfile.Value(r * r), 0.0, 1.0, 256);
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

    private readonly struct NormalisationCall(int dimension) : IProfileCall<double>
    {
        public double Invoke<TProfile>() where TProfile : struct, IKernelProfile => TProfile.Normalisation(dimension);
    }
}
