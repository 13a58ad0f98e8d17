namespace Ensemble.Simulation.Limits.Coupling;

/// <summary>
/// A solution's velocity frames as the coupled processes read them: prepared once per job (it reads every frame),
/// immutable, shared by every realisation's <see cref="GridVelocityDrift"/>.
/// The PDE's grid is chosen for the PDE's accuracy (the solver's default is about a fortieth of the initial standard
/// deviation), far finer than a smooth velocity needs for cubic interpolation; reading it whole would cost each particle
/// about eight cache lines from memory per step, as a step reads a frame not read before. So the lattice keeps every
/// s-th cell centre along each axis (s = 1, 2, 4 or 8: the values themselves, not averages), with the largest s whose
/// interpolant reproduces the solution at every one of its cell centres — in the first, middle and last frames —
/// within <c>tolerance</c> times the frames' largest |v|. That measured error is kept as <see cref="SubsamplingError"/>.
/// The kept points are centred in the grid; the fewer than s centres left over at the two ends together are read by
/// the end stencils' extrapolation (less than half a lattice spacing), and the check covers them too. Beyond the
/// solution's outermost centres the velocity is clamped, as on the full grid.
/// </summary>
internal sealed class VelocityLattice
{
    /// <summary>Default relative tolerance: 1e-4 of max |v|, an order below a PDE's own O(h^2) error and far below the coupling errors (~1e-2).</summary>
    public const double DefaultTolerance = 1e-4;

    public const int MaxFactor = 8;

    private readonly double[][][][] _frames;

    private VelocityLattice(UniformGrid grid, VelocityInterpolation order, int factor, double spacing, double[] origin, int[] points,
        double[][][][] frames, double error)
    {
        ClampLower = Enumerable.Range(0, grid.Dimension).Select(a => grid.Centre(a, 0)).ToArray();
        ClampUpper = Enumerable.Range(0, grid.Dimension).Select(a => grid.Centre(a, grid.Cells[a] - 1)).ToArray();
        Order = order;
        Factor = factor;
        Spacing = spacing;
        Origin = origin;
        Points = points;
        _frames = frames;
        SubsamplingError = error;
    }

    public VelocityInterpolation Order { get; }

    /// <summary>s: every s-th cell centre of the solution's grid is kept along each axis.</summary>
    public int Factor { get; }

    /// <summary>s h.</summary>
    public double Spacing { get; }

    public double[] Origin { get; }

    /// <summary>The solution's outermost cell centres: positions beyond them read the velocity there.</summary>
    public double[] ClampLower { get; }

    public double[] ClampUpper { get; }
    public int[] Points { get; }
    public int Dimension => Points.Length;
    public int Species => _frames[0].Length;
    public int FrameCount => _frames.Length;

    /// <summary>Largest |interpolant - solution| over the checked frames' cell centres, relative to their largest |v| (0 for s = 1).</summary>
    public double SubsamplingError { get; }

    /// <summary>Velocity of species <paramref name="species"/> at step <paramref name="step"/>: one array per axis over the lattice points.</summary>
    public double[][] Frame(int step, int species) => _frames[step][species];

    public LatticeInterpolator CreateInterpolator() => new(Origin, Points, Spacing, Order, ClampLower, ClampUpper);

    /// <summary>
    /// Checks <paramref name="solution"/>'s frames (one per step t_n = n dt, consistent species, axes and cells) and
    /// keeps every s-th centre, s the largest up to <paramref name="maxFactor"/> within <paramref name="tolerance"/>.
    /// </summary>
    public static VelocityLattice Prepare(LimitSolution solution, double dt, VelocityInterpolation order = VelocityInterpolation.Cubic,
        double tolerance = DefaultTolerance, int maxFactor = MaxFactor)
    {
        ArgumentNullException.ThrowIfNull(solution);
        if (!(dt > 0) || !double.IsFinite(dt)) throw new ArgumentException($"dt must be positive and finite, found {dt}", nameof(dt));
        var frames = solution.Velocities ?? throw new ArgumentException(
            $"the {solution.Equation} solution kept no velocities; solve it with keepVelocities to couple a process to it", nameof(solution));
        if (frames.Count == 0) throw new ArgumentException($"the {solution.Equation} solution has no velocity frames", nameof(solution));
        var grid = solution.Grid;
        for (int n = 0; n < frames.Count; n++) CheckFrame(frames[n], n, grid, frames[0].Velocity.Count, dt);

        int width = order == VelocityInterpolation.Cubic ? 4 : 2;
        int factor = 1;
        double error = 0.0;
        for (int s = 2; s <= maxFactor; s *= 2)
        {
            if (grid.Cells.Any(n => (n - 1) / s + 1 < width)) break;
            double measured = MeasureError(solution, s, order);
            if (!(measured <= tolerance)) break;
            factor = s;
            error = measured;
        }
        var (origin, points, offsets) = Geometry(grid, factor);
        var kept = frames.Select(f => f.Velocity.Select(axes => axes.Select(v => Subsample(grid, factor, points, offsets, v)).ToArray()).ToArray()).ToArray();
        return new VelocityLattice(grid, order, factor, factor * grid.Spacing, origin, points, kept, error);
    }

    /// <summary>Every s-th centre, starting at <c>offsets</c>; the values themselves (the same array when s = 1).</summary>
    private static double[] Subsample(UniformGrid grid, int s, int[] points, int[] offsets, double[] fine)
    {
        if (s == 1) return fine;
        int d = grid.Dimension, count = points.Aggregate(1, (a, b) => a * b);
        var coarse = new double[count];
        int nx = points[0], ny = d > 1 ? points[1] : 1, nz = d > 2 ? points[2] : 1;
        int strideY = d > 1 ? grid.Stride(1) : 0, strideZ = d > 2 ? grid.Stride(2) : 0;
        int at = 0;
        for (int k = 0; k < nz; k++)
        for (int j = 0; j < ny; j++)
        {
            int row = (d > 2 ? (offsets[2] + s * k) * strideZ : 0) + (d > 1 ? (offsets[1] + s * j) * strideY : 0) + offsets[0];
            for (int i = 0; i < nx; i++) coarse[at++] = fine[row + s * i];
        }
        return coarse;
    }

    private static (double[] Origin, int[] Points, int[] Offsets) Geometry(UniformGrid grid, int s)
    {
        int d = grid.Dimension;
        var points = new int[d];
        var offsets = new int[d];
        var origin = new double[d];
        for (int a = 0; a < d; a++)
        {
            int n = grid.Cells[a];
            points[a] = (n - 1) / s + 1;
            offsets[a] = (n - 1 - s * (points[a] - 1)) / 2;
            origin[a] = grid.Centre(a, offsets[a]);
        }
        return (origin, points, offsets);
    }

    /// <summary>The subsampled interpolant against the solution at every cell centre of the first, middle and last frames.</summary>
    private static double MeasureError(LimitSolution solution, int s, VelocityInterpolation order)
    {
        var grid = solution.Grid;
        int d = grid.Dimension, cells = grid.CellCount;
        var (origin, points, offsets) = Geometry(grid, s);
        var interpolator = new LatticeInterpolator(origin, points, s * grid.Spacing, order,
            Enumerable.Range(0, d).Select(a => grid.Centre(a, 0)).ToArray(), Enumerable.Range(0, d).Select(a => grid.Centre(a, grid.Cells[a] - 1)).ToArray());
        var centres = new double[d][];
        for (int a = 0; a < d; a++)
        {
            centres[a] = new double[cells];
            for (int c = 0; c < cells; c++) centres[a][c] = grid.Centre(a, grid.IndexOn(c, a));
        }
        var values = Enumerable.Range(0, d).Select(_ => new double[cells]).ToArray();
        var frames = solution.Velocities!;
        double worst = 0.0;
        foreach (int n in new[] { 0, frames.Count / 2, frames.Count - 1 }.Distinct())
        {
            double scale = 0.0, error = 0.0;
            foreach (double[][] fine in frames[n].Velocity)
            {
                interpolator.NegatedInto(centres, 0, cells, fine.Select(v => Subsample(grid, s, points, offsets, v)).ToArray(), values);
                for (int a = 0; a < d; a++)
                for (int c = 0; c < cells; c++)
                {
                    scale = Math.Max(scale, Math.Abs(fine[a][c]));
                    error = Math.Max(error, Math.Abs(values[a][c] + fine[a][c]));
                }
            }
            if (scale > 0) worst = Math.Max(worst, error / scale);
        }
        return worst;
    }

    private static void CheckFrame(VelocityFrame frame, int n, UniformGrid grid, int species, double dt)
    {
        if (Math.Abs(frame.Time - n * dt) > 1e-9 * dt)
            throw new ArgumentException($"velocity frame {n} is at t = {frame.Time:G17}; expected t_{n} = {n * dt:G17} (one frame per step)");
        if (frame.Velocity.Count != species)
            throw new ArgumentException($"velocity frame {n} has {frame.Velocity.Count} species; frame 0 has {species}");
        for (int k = 0; k < species; k++)
        {
            if (frame.Velocity[k].Length != grid.Dimension)
                throw new ArgumentException($"velocity frame {n}, species {k}: {frame.Velocity[k].Length} axes; the grid has {grid.Dimension}");
            foreach (double[] component in frame.Velocity[k])
                if (component.Length != grid.CellCount)
                    throw new ArgumentException($"velocity frame {n}, species {k}: {component.Length} values; the grid has {grid.CellCount} cells");
        }
    }
}
