using Ensemble.Simulation.Kernels;
using MathNet.Numerics.Integration;

namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// Integrals of an unnormalised radial profile f(|y|^2) (support: the unit ball) over axis-aligned
/// boxes, as the finite-volume convolutions need them: the integral of a kernel over a cell, and — by
/// the divergence theorem — the integral of its gradient over a cell as the difference of its
/// integrals over the two faces normal to the axis. Nested Gauss–Legendre on the part of each axis
/// inside the ball, with the outer interval split where the next axis' chord meets the box, so
/// every piece is smooth. For the polynomial bump (1 - s)^3 a chord integral is a polynomial of
/// degree 6, so the 1-d integrals (cells in d = 1, faces in d = 2) are exact with 20 nodes; the
/// others are smooth pieces whose Gauss error is measured in the tests (below 1e-12 relative).
/// The nodes come from Math.NET's precomputed table, and the profile's exponential is
/// <see cref="Numerics.FixedExp"/>, so the weights are the same bits on every CPU.
/// </summary>
internal static class KernelCellIntegrals
{
    private const int Order = 20;
    private static readonly GaussLegendreRule Unit = new(-1.0, 1.0, Order);

    /// <summary>
    /// The integral over the box [lower, upper] (its own dimension, 0 to 3) of f(offset + |y|^2),
    /// f zero outside the unit ball; a 0-dimensional box is the point value f(offset).
    /// </summary>
    public static double Box(KernelShape shape, double offset, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        if (lower.Length == 0) return RadialProfile.Value(shape, offset);
        double room = 1.0 - offset;
        if (room <= 0.0) return 0.0;
        double reach = Math.Sqrt(room);
        double a = Math.Max(lower[0], -reach), b = Math.Min(upper[0], reach);
        if (!(b > a)) return 0.0;
        if (lower.Length == 1) return Piece(shape, offset, a, b, [], []);

        // Split where the next axis' chord half-length sqrt(room - t^2) crosses that axis' box edges.
        Span<double> cuts = stackalloc double[6];
        int count = 0;
        cuts[count++] = a;
        foreach (double edge in new[] { Math.Abs(lower[1]), Math.Abs(upper[1]) })
        {
            double left = room - edge * edge;
            if (left <= 0.0) continue;
            double t = Math.Sqrt(left);
            if (t > a && t < b) cuts[count++] = t;
            if (-t > a && -t < b) cuts[count++] = -t;
        }
        cuts[count++] = b;
        cuts[..count].Sort();
        double sum = 0.0;
        for (int p = 0; p + 1 < count; p++)
            if (cuts[p + 1] > cuts[p]) sum += Piece(shape, offset, cuts[p], cuts[p + 1], lower[1..], upper[1..]);
        return sum;
    }

    private static double Piece(KernelShape shape, double offset, double a, double b, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        double half = 0.5 * (b - a), mid = 0.5 * (a + b), sum = 0.0;
        for (int q = 0; q < Order; q++)
        {
            double t = mid + half * Unit.Abscissas[q];
            sum += Unit.Weights[q] * Box(shape, offset + t * t, lower, upper);
        }
        return half * sum;
    }
}
