using System.Runtime.Intrinsics;
using Ensemble.Simulation.Kernels;

namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// A convolution K * u of a compactly supported kernel with a piecewise-constant density (cell
/// averages), evaluated exactly for that density at one point per cell: the cell centre shifted by
/// <c>shift</c> cells (0 for centres, 1/2 along an axis for the cell's upper face). The weight of the
/// source cell at index offset o is the integral of K over the cell z in (shift - o) h + [-h/2, h/2]^d,
/// so (K * u)(x_c) = sum_o w_o u_{c+o}; sources outside the box hold no mass. K is the scaled kernel
/// mass * C_d R^-d f(|z|^2 / R^2) or one component of its gradient (whose cell integral is the
/// difference of the two face integrals, by the divergence theorem). Weights from
/// <see cref="KernelCellIntegrals"/>; never a midpoint sample of K.
/// </summary>
internal sealed class ConvolutionStencil
{
    private readonly int[] _offsets; // [entry * 3 + axis], zero on unused axes
    private readonly double[] _weights;

    private ConvolutionStencil(List<(int[] Offset, double Weight)> entries)
    {
        _offsets = new int[entries.Count * 3];
        _weights = new double[entries.Count];
        for (int e = 0; e < entries.Count; e++)
        {
            for (int a = 0; a < entries[e].Offset.Length; a++) _offsets[e * 3 + a] = entries[e].Offset[a];
            _weights[e] = entries[e].Weight;
        }
    }

    public int Count => _weights.Length;

    public double Weight(int entry) => _weights[entry];

    public int Offset(int entry, int axis) => _offsets[entry * 3 + axis];

    /// <summary>Sum of the weights: the kernel's mass for a value stencil, 0 for a gradient stencil.</summary>
    public double Total() => _weights.Sum();

    /// <summary>Cell integrals of K = mass * C_d R^-d f(|z|^2/R^2).</summary>
    public static ConvolutionStencil Value(KernelShape shape, int dimension, double radius, double mass, double h, double[] shift) =>
        Build(shape, dimension, radius, h, shift, (lower, upper) =>
            mass * KernelNormalisation.Constant(shape, dimension) * KernelCellIntegrals.Box(shape, 0.0, lower, upper));

    /// <summary>Cell integrals of d K / d z_axis: the integral of K over the upper face minus that over the lower face.</summary>
    public static ConvolutionStencil Gradient(KernelShape shape, int dimension, double radius, double mass, double h, int axis, double[] shift) =>
        Build(shape, dimension, radius, h, shift, (lower, upper) =>
        {
            int rest = dimension - 1;
            Span<double> lo = stackalloc double[rest], hi = stackalloc double[rest];
            for (int a = 0, r = 0; a < dimension; a++)
                if (a != axis)
                {
                    lo[r] = lower[a];
                    hi[r++] = upper[a];
                }
            double top = KernelCellIntegrals.Box(shape, upper[axis] * upper[axis], lo, hi);
            double bottom = KernelCellIntegrals.Box(shape, lower[axis] * lower[axis], lo, hi);
            return mass * KernelNormalisation.Constant(shape, dimension) / radius * (top - bottom);
        });

    /// <summary>
    /// The same convolution by sampling K at the offsets' centres times the cell volume (the midpoint
    /// rule this class exists to avoid), kept for the measurement that compares the two.
    /// </summary>
    public static ConvolutionStencil MidpointGradient(KernelShape shape, int dimension, double radius, double mass, double h, int axis, double[] shift)
    {
        var kernel = new ScaledKernel(shape, dimension, radius, mass);
        var gradient = new double[dimension];
        return Build(shape, dimension, radius, h, shift, (lower, upper) =>
        {
            var z = new double[dimension];
            for (int a = 0; a < dimension; a++) z[a] = 0.5 * (lower[a] + upper[a]) * radius;
            kernel.Gradient(z, gradient);
            return gradient[axis] * Numerics.FixedPow.Integer(h, dimension);
        });
    }

    private delegate double CellIntegral(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper);

    /// <summary>Offsets whose cell (in units of R) meets the unit ball, each with its nonzero weight, in a fixed order.</summary>
    private static ConvolutionStencil Build(KernelShape shape, int dimension, double radius, double h, double[] shift, CellIntegral integral)
    {
        if (dimension is < 1 or > 3 || shift.Length != dimension) throw new ArgumentException("a stencil of 1 to 3 axes with a shift per axis");
        if (!(radius > 0) || !(h > 0)) throw new ArgumentException($"a positive radius and cell size, found {radius} and {h}");
        double reach = radius / h;
        var low = new int[dimension];
        var high = new int[dimension];
        for (int a = 0; a < dimension; a++)
        {
            low[a] = (int)Math.Floor(shift[a] - 0.5 - reach);
            high[a] = (int)Math.Ceiling(shift[a] + 0.5 + reach);
        }
        var entries = new List<(int[], double)>();
        var offset = (int[])low.Clone();
        var lower = new double[dimension];
        var upper = new double[dimension];
        while (true)
        {
            for (int a = 0; a < dimension; a++)
            {
                double centre = (shift[a] - offset[a]) * h;
                lower[a] = (centre - 0.5 * h) / radius;
                upper[a] = (centre + 0.5 * h) / radius;
            }
            double weight = integral(lower, upper);
            if (weight != 0.0) entries.Add(((int[])offset.Clone(), weight));
            int axis = 0;
            while (axis < dimension)
            {
                if (++offset[axis] <= high[axis]) break;
                offset[axis] = low[axis];
                axis++;
            }
            if (axis == dimension) break;
        }
        return new ConvolutionStencil(entries);
    }

    /// <summary>
    /// target[c] = sum over entries (in their fixed order) of w * source[c + o], sources inside the grid only.
    /// Each target cell accumulates the entries in the same order whatever the vector width, and the
    /// vector and scalar paths use the same multiply then add, so the bits do not depend on the CPU.
    /// </summary>
    public void Apply(UniformGrid grid, ReadOnlySpan<double> source, Span<double> target)
    {
        int d = grid.Dimension;
        int nx = grid.Cells[0], ny = d > 1 ? grid.Cells[1] : 1, nz = d > 2 ? grid.Cells[2] : 1;
        target[..grid.CellCount].Clear();
        // Target rows outer, entries inner: the target row stays in the first-level cache and the source
        // rows an entry reads (2 reach + 1 of them) in the second.
        for (int z = 0; z < nz; z++)
        for (int y = 0; y < ny; y++)
        {
            int row = (z * ny + y) * nx;
            for (int e = 0; e < _weights.Length; e++)
            {
                int ox = _offsets[e * 3], sy = y + _offsets[e * 3 + 1], sz = z + _offsets[e * 3 + 2];
                if ((uint)sy >= (uint)ny || (uint)sz >= (uint)nz) continue;
                int x0 = Math.Max(0, -ox), x1 = Math.Min(nx, nx - ox);
                if (x1 <= x0) continue;
                int sourceRow = (sz * ny + sy) * nx + ox;
                AddScaled(source.Slice(sourceRow + x0, x1 - x0), target.Slice(row + x0, x1 - x0), _weights[e]);
            }
        }
    }

    private static void AddScaled(ReadOnlySpan<double> source, Span<double> target, double w)
    {
        int i = 0;
        var weight = Vector256.Create(w);
        for (; i + 4 <= source.Length; i += 4)
        {
            var s = Vector256.Create(source.Slice(i, 4));
            var t = Vector256.Create((ReadOnlySpan<double>)target.Slice(i, 4));
            (t + s * weight).CopyTo(target.Slice(i, 4));
        }
        for (; i < source.Length; i++) target[i] += source[i] * w;
    }
}
