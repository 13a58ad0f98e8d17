using System.Runtime.CompilerServices;
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
                        Sse.PrefetchNonTemporal(r0);
                        Sse.PrefetchNonTemporal(r0 + 3);
                        Sse.PrefetchNonTemporal(r1);
                        Sse.PrefetchNonTemporal(r1 + 3);
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
                var column = Lane(wz, 0) * Column(ref f, start, sy, wy)
                    + Lane(wz, 1) * Column(ref f, start + sz, sy, wy)
                    + Lane(wz, 2) * Column(ref f, start + 2 * sz, sy, wy)
                    + Lane(wz, 3) * Column(ref f, start + 3 * sz, sy, wy);
                into[a][p] = -Dot(column, wx);
            }
        }
    }

    /// <summary>The four rows of the stencil (four x-centres each, one vector) combined with the y weights, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Column(ref double f, nuint start, nuint stride, Vector256<double> wy) =>
        Lane(wy, 0) * Vector256.LoadUnsafe(ref f, start)
        + Lane(wy, 1) * Vector256.LoadUnsafe(ref f, start + stride)
        + Lane(wy, 2) * Vector256.LoadUnsafe(ref f, start + 2 * stride)
        + Lane(wy, 3) * Vector256.LoadUnsafe(ref f, start + 3 * stride);

    /// <summary>Lane <paramref name="j"/> in every lane (one permute).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Lane(Vector256<double> v, long j) => Vector256.Shuffle(v, Vector256.Create(j));

    /// <summary>sum_i values_i wx_i, as (p0 + p2) + (p1 + p3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Dot(Vector256<double> values, Vector256<double> wx)
    {
        var product = values * wx;
        var pairs = product.GetLower() + product.GetUpper();
        return pairs.ToScalar() + pairs.GetElement(1);
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

    private static readonly Vector256<double> Nodes = Vector256.Create(0.0, 1.0, 2.0, 3.0);
    private static readonly Vector256<double> Denominators = Vector256.Create(-1.0 / 6.0, 0.5, -0.5, 1.0 / 6.0);

    /// <summary>
    /// The cubic Lagrange basis on the nodes 0, 1, 2, 3 at t, lane i: prod_{j != i} (t - j) / (i - j), the three
    /// factors multiplied in ascending j. t lies in [-1/2, 7/2] (in [1, 2] inside the lattice).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> CubicWeights(double t)
    {
        var shifted = Vector256.Create(t) - Nodes;
        var first = Vector256.Shuffle(shifted, Vector256.Create(1L, 0, 0, 0));
        var second = Vector256.Shuffle(shifted, Vector256.Create(2L, 2, 1, 1));
        var third = Vector256.Shuffle(shifted, Vector256.Create(3L, 3, 3, 2));
        return first * second * third * Denominators;
    }

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
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private double Clamped(double coordinate)
        {
            double u = (coordinate - _origin) * _inverseSpacing;
            if (!(u > _lowest)) u = _lowest;
            return u > _highest ? _highest : u;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Linear(double coordinate, out double t)
        {
            double u = Clamped(coordinate);
            int first = Math.Clamp((int)u, 0, _lastStart);
            t = u - first;
            return first;
        }

        /// <summary>The cubic stencil's first centre (what <see cref="Cubic"/> returns, without the weights).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int First(double coordinate) => Math.Clamp((int)Clamped(coordinate) - 1, 0, _lastStart);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Cubic(double coordinate, out Vector256<double> weights)
        {
            double u = Clamped(coordinate);
            int first = Math.Clamp((int)u - 1, 0, _lastStart);
            weights = CubicWeights(u - first);
            return first;
        }
    }
}
