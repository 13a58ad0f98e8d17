using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ensemble.Simulation.Limits.Coupling;

/// <summary>How a field known at lattice points (cell centres) is read between them.</summary>
public enum VelocityInterpolation
{
    /// <summary>Multilinear on the 2^d surrounding points: error O(h^2).</summary>
    Linear,

    /// <summary>Tensor-product cubic Lagrange on 4^d points: error O(h^4), exact for cubics along each axis.</summary>
    Cubic,
}

/// <summary>
/// Reads a vector field given on a lattice of points c_i = origin + i h (a <see cref="UniformGrid"/>'s cell centres, or
/// every s-th of them, see <see cref="VelocityLattice"/>) at any point,
/// by tensor-product Lagrange interpolation on the w = 2 (linear) or w = 4 (cubic) centres around it along each axis.
/// Along an axis the stencil is the w centres whose middle interval holds the point, shifted inward where it would
/// leave the lattice (one-sided there, same order). A coordinate beyond the clamp (by default the outermost point) is
/// clamped to it, so outside — the half cell along each wall and anything beyond the box — the field is continued as its
/// value at the nearest point of the clamp's box: bounded, continuous, and where the solver keeps the mass negligible
/// (see <see cref="LimitDiagnostics.MassAtBoundary"/>).
/// The cubic stencil's four centres along x are one 256-bit load: rows are combined with the y (and z) weights lane by
/// lane, then the x weights, and the four lanes summed as (l0 + l1) + (l2 + l3). Only +, -, *, comparisons and a
/// truncation, in that fixed order: the same bits on every CPU, whatever its vector width. Stateless per call and
/// allocation-free.
/// </summary>
internal sealed class LatticeInterpolator
{
    /// <summary>How many particles ahead the 2D cubic loop prefetches the stencil rows (about one memory latency of work).</summary>
    private const int PrefetchAhead = 8;

    private readonly int _d;
    private readonly bool _cubic;
    private readonly Axis _x, _y, _z;
    private readonly int _strideY, _strideZ;

    /// <param name="origin">The first lattice point along each axis.</param>
    /// <param name="points">Lattice points along each axis (x fastest in the flattened field, as a grid's cells).</param>
    /// <param name="spacing">Distance between neighbouring points, the same on every axis.</param>
    /// <param name="clampLower">Coordinates below this are read as this (default: the first point); may lie below it by
    /// up to half a spacing, the end stencils then extrapolating that far.</param>
    /// <param name="clampUpper">Likewise above (default: the last point).</param>
    public LatticeInterpolator(IReadOnlyList<double> origin, IReadOnlyList<int> points, double spacing, VelocityInterpolation order,
        IReadOnlyList<double>? clampLower = null, IReadOnlyList<double>? clampUpper = null)
    {
        _d = points.Count;
        _cubic = order == VelocityInterpolation.Cubic;
        int width = _cubic ? 4 : 2;
        var axes = new Axis[_d];
        for (int a = 0; a < _d; a++)
        {
            if (points[a] < width)
                throw new ArgumentException($"{order} interpolation needs at least {width} points along axis {a}; the lattice has {points[a]}");
            double last = origin[a] + (points[a] - 1) * spacing;
            double lower = clampLower?[a] ?? origin[a], upper = clampUpper?[a] ?? last;
            double reach = 0.5 * spacing * (1 + 1e-9), rounding = 1e-9 * spacing;
            // Centres computed as lower + (i + 0.5) h and as origin + i s h may differ in the last bit: a clamp that
            // misses the lattice by rounding only is the lattice's own end.
            if (lower > origin[a] && lower <= origin[a] + rounding) lower = origin[a];
            if (upper < last && upper >= last - rounding) upper = last;
            if (!(lower <= origin[a] && lower >= origin[a] - reach && upper >= last && upper <= last + reach))
                throw new ArgumentException($"the clamp [{lower}, {upper}] on axis {a} must hold the lattice [{origin[a]}, {last}] and " +
                    "reach at most half a spacing beyond it");
            axes[a] = new Axis(origin[a], points[a], spacing, width, lower, upper);
        }
        _x = axes[0];
        _y = _d > 1 ? axes[1] : _x;
        _z = _d > 2 ? axes[2] : _x;
        _strideY = _d > 1 ? points[0] : 0;
        _strideZ = _d > 2 ? points[0] * points[1] : 0;
        Order = order;
    }

    /// <summary>On the cell centres of <paramref name="grid"/>.</summary>
    public LatticeInterpolator(UniformGrid grid, VelocityInterpolation order)
        : this(Enumerable.Range(0, grid.Dimension).Select(a => grid.Centre(a, 0)).ToArray(), grid.Cells, grid.Spacing, order)
    {
    }

    public VelocityInterpolation Order { get; }

    /// <summary>
    /// into[a][p] = -field[a] interpolated at particle p (coordinates positions[a][p]) for p in [from, to): the limit
    /// process's drift from its velocity. <paramref name="field"/> holds one array of CellCount values per axis.
    /// </summary>
    public void NegatedInto(double[][] positions, int from, int to, double[][] field, double[][] into)
    {
        if (!_cubic)
        {
            for (int p = from; p < to; p++) Linear(positions, p, field, into);
            return;
        }
        switch (_d)
        {
            case 1:
                Cubic1(positions[0], from, to, field[0], into[0]);
                break;
            case 2:
                Cubic2(positions, from, to, field, into);
                break;
            default:
                Cubic3(positions, from, to, field, into);
                break;
        }
    }

    private void Cubic1(double[] x, int from, int to, double[] field, double[] into)
    {
        ref double f = ref MemoryMarshal.GetArrayDataReference(field);
        for (int p = from; p < to; p++)
        {
            int i = _x.Cubic(x[p], out var wx);
            into[p] = -Dot(Vector256.LoadUnsafe(ref f, (nuint)i), wx);
        }
    }

    private unsafe void Cubic2(double[][] positions, int from, int to, double[][] field, double[][] into)
    {
        double[] x = positions[0], y = positions[1];
        int sy = _strideY;
        fixed (double* f0 = field[0], f1 = field[1])
        {
            for (int p = from; p < to; p++)
            {
                if (Sse.IsSupported && p + PrefetchAhead < to)
                {
                    // A step reads a frame not read before: fetch a later particle's rows while this one computes.
                    double* r0 = f0 + _x.First(x[p + PrefetchAhead]) + _y.First(y[p + PrefetchAhead]) * sy;
                    double* r1 = f1 + (r0 - f0);
                    for (int r = 0; r < 4; r++, r0 += sy, r1 += sy)
                    {
                        Sse.Prefetch0(r0);
                        Sse.Prefetch0(r0 + 3);
                        Sse.Prefetch0(r1);
                        Sse.Prefetch0(r1 + 3);
                    }
                }
                int i = _x.Cubic(x[p], out var wx);
                int j = _y.Cubic(y[p], out var wy);
                nuint start = (nuint)(i + j * sy);
                into[0][p] = -Dot(Column(ref *f0, start, (nuint)sy, wy), wx);
                into[1][p] = -Dot(Column(ref *f1, start, (nuint)sy, wy), wx);
            }
        }
    }

    private void Cubic3(double[][] positions, int from, int to, double[][] field, double[][] into)
    {
        double[] x = positions[0], y = positions[1], z = positions[2];
        nuint sy = (nuint)_strideY, sz = (nuint)_strideZ;
        for (int p = from; p < to; p++)
        {
            int i = _x.Cubic(x[p], out var wx);
            int j = _y.Cubic(y[p], out var wy);
            int k = _z.Cubic(z[p], out var wz);
            nuint start = (nuint)(i + j * _strideY + k * _strideZ);
            for (int a = 0; a < 3; a++)
            {
                ref double f = ref MemoryMarshal.GetArrayDataReference(field[a]);
                var column = Vector256.Create(wz.W0) * Column(ref f, start, sy, wy)
                    + Vector256.Create(wz.W1) * Column(ref f, start + sz, sy, wy)
                    + Vector256.Create(wz.W2) * Column(ref f, start + 2 * sz, sy, wy)
                    + Vector256.Create(wz.W3) * Column(ref f, start + 3 * sz, sy, wy);
                into[a][p] = -Dot(column, wx);
            }
        }
    }

    /// <summary>The four rows of the stencil (four x-centres each, one vector) combined with the y weights, lane by lane.</summary>
    private static Vector256<double> Column(ref double f, nuint start, nuint stride, in Weights wy) =>
        Vector256.Create(wy.W0) * Vector256.LoadUnsafe(ref f, start)
        + Vector256.Create(wy.W1) * Vector256.LoadUnsafe(ref f, start + stride)
        + Vector256.Create(wy.W2) * Vector256.LoadUnsafe(ref f, start + 2 * stride)
        + Vector256.Create(wy.W3) * Vector256.LoadUnsafe(ref f, start + 3 * stride);

    private static double Dot(Vector256<double> values, in Weights wx)
    {
        var product = values * Vector256.Create(wx.W0, wx.W1, wx.W2, wx.W3);
        return (product.GetElement(0) + product.GetElement(1)) + (product.GetElement(2) + product.GetElement(3));
    }

    /// <summary>Multilinear, scalar: sum over the 2^d corners in x-fastest order, weights multiplied in axis order.</summary>
    private void Linear(double[][] positions, int p, double[][] field, double[][] into)
    {
        double ty = 0.0, tz = 0.0;
        int i = _x.Linear(positions[0][p], out double tx), j = 0, k = 0;
        if (_d > 1) j = _y.Linear(positions[1][p], out ty);
        if (_d > 2) k = _z.Linear(positions[2][p], out tz);
        int start = i + j * _strideY + k * _strideZ;
        for (int a = 0; a < _d; a++)
        {
            double[] f = field[a];
            double value = 0.0;
            for (int c = 0; c < 1 << _d; c++)
            {
                int dx = c & 1, dy = (c >> 1) & 1, dz = c >> 2;
                double weight = (dx == 0 ? 1.0 - tx : tx);
                if (_d > 1) weight *= dy == 0 ? 1.0 - ty : ty;
                if (_d > 2) weight *= dz == 0 ? 1.0 - tz : tz;
                value += weight * f[start + dx + dy * _strideY + dz * _strideZ];
            }
            into[a][p] = -value;
        }
    }

    /// <summary>Lagrange weights on four consecutive centres.</summary>
    private readonly record struct Weights(double W0, double W1, double W2, double W3);

    /// <summary>One axis of the lattice: where a coordinate's stencil starts and its weights.</summary>
    private sealed class Axis(double origin, int points, double spacing, int width, double clampLower, double clampUpper)
    {
        private readonly double _origin = origin;
        private readonly double _inverseSpacing = 1.0 / spacing;
        private readonly double _lowest = (clampLower - origin) / spacing;
        private readonly double _highest = (clampUpper - origin) / spacing;
        private readonly int _lastStart = points - width;

        /// <summary>
        /// The coordinate in units of the spacing from the first point, clamped (NaN goes to the lower end, keeping
        /// indices valid). It lies in [-1/2, points - 1/2], so its truncation, clamped, is a stencil start.
        /// </summary>
        private double Clamped(double coordinate)
        {
            double u = (coordinate - _origin) * _inverseSpacing;
            if (!(u > _lowest)) u = _lowest;
            return u > _highest ? _highest : u;
        }

        public int Linear(double coordinate, out double t)
        {
            double u = Clamped(coordinate);
            int first = Math.Clamp((int)u, 0, _lastStart);
            t = u - first;
            return first;
        }

        /// <summary>The cubic stencil's first centre (what <see cref="Cubic"/> returns, without the weights).</summary>
        public int First(double coordinate) => Math.Clamp((int)Clamped(coordinate) - 1, 0, _lastStart);

        public int Cubic(double coordinate, out Weights weights)
        {
            double u = Clamped(coordinate);
            int first = Math.Clamp((int)u - 1, 0, _lastStart);
            // Lagrange basis on the nodes 0, 1, 2, 3 at t in [0, 3] (t in [1, 2] inside the lattice).
            double t0 = u - first, t1 = t0 - 1.0, t2 = t0 - 2.0, t3 = t0 - 3.0;
            weights = new Weights(-(t1 * t2 * t3) * (1.0 / 6.0), t0 * t2 * t3 * 0.5, -(t0 * t1 * t3) * 0.5, t0 * t1 * t2 * (1.0 / 6.0));
            return first;
        }
    }
}
