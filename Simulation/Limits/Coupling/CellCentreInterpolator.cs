namespace Ensemble.Simulation.Limits.Coupling;

/// <summary>How a field known at cell centres is read between them.</summary>
public enum VelocityInterpolation
{
    /// <summary>Multilinear on the 2^d surrounding centres: error O(h^2).</summary>
    Linear,

    /// <summary>Tensor-product cubic Lagrange on 4^d centres: error O(h^4), exact for cubics along each axis.</summary>
    Cubic,
}

/// <summary>
/// Reads a vector field given at the cell centres c_i = lower + (i + 1/2) h of a <see cref="UniformGrid"/> at any point,
/// by tensor-product Lagrange interpolation on the w = 2 (linear) or w = 4 (cubic) centres around it along each axis.
/// Along an axis the stencil is the w centres whose middle interval holds the point, shifted inward where it would
/// leave the lattice (one-sided there, same order). A coordinate beyond the outermost centre is clamped to it, so
/// outside the lattice — the half cell along each wall and anything beyond the box — the field is continued as its
/// value at the nearest point of the lattice's hull: bounded, continuous, and where the solver keeps the mass
/// negligible (see <see cref="LimitDiagnostics.MassAtBoundary"/>).
/// Only +, -, *, floor and comparisons, in a fixed order: the same bits on every CPU. Not thread-safe (one scratch
/// stencil); allocates nothing after construction.
/// </summary>
internal sealed class CellCentreInterpolator
{
    private readonly int _d;
    private readonly int _width;
    private readonly double[] _lower;
    private readonly double _inverseSpacing;
    private readonly double[] _lastCentre;
    private readonly int[] _lastBase;
    private readonly int[] _stride;
    private readonly int[] _base = new int[3];
    private readonly double[] _weights = new double[12];

    public CellCentreInterpolator(UniformGrid grid, VelocityInterpolation order)
    {
        _d = grid.Dimension;
        _width = order == VelocityInterpolation.Cubic ? 4 : 2;
        _lower = grid.Lower.ToArray();
        _inverseSpacing = 1.0 / grid.Spacing;
        _lastCentre = new double[_d];
        _lastBase = new int[_d];
        _stride = new int[_d];
        for (int a = 0; a < _d; a++)
        {
            if (grid.Cells[a] < _width)
                throw new ArgumentException($"{order} interpolation needs at least {_width} cells along axis {a}; the grid has {grid.Cells[a]}");
            _lastCentre[a] = grid.Cells[a] - 1;
            _lastBase[a] = grid.Cells[a] - _width;
            _stride[a] = grid.Stride(a);
        }
        Order = order;
    }

    public VelocityInterpolation Order { get; }

    /// <summary>Prepares the stencil of the point (x, y, z); coordinates past the grid's dimension are ignored.</summary>
    public void Locate(double x, double y, double z)
    {
        Axis(0, x);
        if (_d > 1) Axis(1, y);
        if (_d > 2) Axis(2, z);
    }

    /// <summary>The located point's interpolated value of <paramref name="field"/> (one value per cell, flattened as the grid).</summary>
    public double Value(double[] field) => _d switch
    {
        1 => Row(field, _base[0]),
        2 => Plane(field, _base[0] + _base[1] * _stride[1]),
        _ => Volume(field),
    };

    private double Volume(double[] field)
    {
        double sum = 0.0;
        int start = _base[0] + _base[1] * _stride[1] + _base[2] * _stride[2];
        for (int j = 0; j < _width; j++) sum += _weights[8 + j] * Plane(field, start + j * _stride[2]);
        return sum;
    }

    private double Plane(double[] field, int start)
    {
        double sum = 0.0;
        for (int j = 0; j < _width; j++) sum += _weights[4 + j] * Row(field, start + j * _stride[1]);
        return sum;
    }

    private double Row(double[] field, int start)
    {
        double[] w = _weights;
        if (_width == 2) return w[0] * field[start] + w[1] * field[start + 1];
        return w[0] * field[start] + w[1] * field[start + 1] + w[2] * field[start + 2] + w[3] * field[start + 3];
    }

    /// <summary>The stencil's first index along <paramref name="axis"/> and its w Lagrange weights, at weights[4 axis ...].</summary>
    private void Axis(int axis, double coordinate)
    {
        // u: the coordinate in units of h from the first centre, clamped to the lattice (NaN goes to 0, keeping indices valid).
        double u = (coordinate - _lower[axis]) * _inverseSpacing - 0.5;
        if (!(u > 0.0)) u = 0.0;
        if (u > _lastCentre[axis]) u = _lastCentre[axis];
        int cell = (int)Math.Floor(u);
        int first = Math.Clamp(_width == 4 ? cell - 1 : cell, 0, _lastBase[axis]);
        _base[axis] = first;
        double t = u - first;
        int at = 4 * axis;
        if (_width == 2)
        {
            _weights[at] = 1.0 - t;
            _weights[at + 1] = t;
            return;
        }
        // Lagrange basis on the nodes 0, 1, 2, 3 at t in [0, 3] (t in [1, 2] inside the lattice).
        double t0 = t, t1 = t - 1.0, t2 = t - 2.0, t3 = t - 3.0;
        _weights[at] = -(t1 * t2 * t3) * (1.0 / 6.0);
        _weights[at + 1] = t0 * t2 * t3 * 0.5;
        _weights[at + 2] = -(t0 * t1 * t3) * 0.5;
        _weights[at + 3] = t0 * t1 * t2 * (1.0 / 6.0);
    }
}
