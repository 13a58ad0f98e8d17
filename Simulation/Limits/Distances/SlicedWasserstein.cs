using Ensemble.Simulation.Numerics;

namespace Ensemble.Simulation.Limits.Distances;

/// <summary>
/// Sliced W1 between a particle cloud and a PDE density in d = 2 or 3: the average over a fixed set of unit
/// directions u_j of the exact 1D W1 (<see cref="Wasserstein1D"/>) between the projected points u_j . x and the
/// projected density. Directions: in 2D the J = 16 angles theta_j = j pi / 16, u_j = (cos, sin) (a component
/// below 1e-15 in size, cos(pi/2) in floating point, is set to 0); in 3D the 13 directions of the cube's symmetry
/// axes: 3 axes, 6 face diagonals (1, +-1, 0)/sqrt 2 and permutations, 4 body diagonals (1, +-1, +-1)/sqrt 3.
/// Both sets are mapped onto themselves (up to sign, which W1 ignores) by the grid's quarter turns and
/// reflections, so the sliced W1 keeps those symmetries.
/// The projection of the density is exact per cell (a uniform square projects to a trapezoid, a cube to a
/// piecewise quadratic: <see cref="UniformSumCdf"/>); each cell's mass is spread over bins of width
/// h / <see cref="DefaultBinsPerCell"/> on the projected axis through that exact CDF, and the 1D W1 is taken
/// against the piecewise-constant density of those bins. That replaces the projected CDF by its linear
/// interpolant between bin edges (equal at every edge), an error below W1(binned, exact) = integral |F_bin - F|,
/// measured in Tests/Limits/Distances. Build once per density (one per job and output time) and share: the
/// instance is immutable and thread-safe.
/// </summary>
public sealed class SlicedWasserstein
{
    /// <summary>Projected bins per grid spacing h.</summary>
    public const int DefaultBinsPerCell = 16;

    /// <summary>The number of directions J in 2D.</summary>
    public const int DirectionsIn2D = 16;

    private readonly double[][] _directions;
    private readonly LineDensity[] _projections;

    private SlicedWasserstein(double[][] directions, LineDensity[] projections)
    {
        _directions = directions;
        _projections = projections;
    }

    public int Dimension => _directions[0].Length;
    public IReadOnlyList<double[]> Directions => _directions;

    /// <summary>The projected density on direction j (bins of width h / binsPerCell over the projected box).</summary>
    public LineDensity Projection(int direction) => _projections[direction];

    /// <summary>Projects a 2D or 3D grid density (cell averages, normalised by its mass) on the fixed directions.</summary>
    public static SlicedWasserstein Of(UniformGrid grid, ReadOnlySpan<double> density, int binsPerCell = DefaultBinsPerCell)
    {
        if (grid.Dimension is not (2 or 3)) throw new ArgumentException($"a 2D or 3D grid, found {grid.Dimension} axes", nameof(grid));
        if (density.Length != grid.CellCount) throw new ArgumentException($"{grid.CellCount} cell values, found {density.Length}", nameof(density));
        if (binsPerCell < 1) throw new ArgumentException($"at least one projected bin per cell, found {binsPerCell}", nameof(binsPerCell));
        double[][] directions = DirectionsFor(grid.Dimension);
        var projections = new LineDensity[directions.Length];
        for (int j = 0; j < directions.Length; j++) projections[j] = Project(grid, density, directions[j], binsPerCell);
        return new SlicedWasserstein(directions, projections);
    }

    /// <summary>The fixed directions for d = 2 (16) or d = 3 (13), as in the summary.</summary>
    public static double[][] DirectionsFor(int dimension)
    {
        if (dimension == 2)
        {
            var directions = new double[DirectionsIn2D][];
            for (int j = 0; j < DirectionsIn2D; j++)
            {
                double theta = j * Math.PI / DirectionsIn2D;
                directions[j] = [Snap(FixedTrig.Cos(theta)), Snap(FixedTrig.Sin(theta))];
            }
            return directions;
        }
        if (dimension == 3)
        {
            double f = 1.0 / Math.Sqrt(2.0), b = 1.0 / Math.Sqrt(3.0);
            return
            [
                [1, 0, 0], [0, 1, 0], [0, 0, 1],
                [f, f, 0], [f, -f, 0], [f, 0, f], [f, 0, -f], [0, f, f], [0, f, -f],
                [b, b, b], [b, b, -b], [b, -b, b], [-b, b, b],
            ];
        }
        throw new ArgumentException($"sliced directions for d = 2 or 3, not {dimension}", nameof(dimension));
    }

    /// <summary>Sliced W1 of a 2D cloud (x[p], y[p]).</summary>
    public double W1(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (Dimension != 2) throw new InvalidOperationException($"this density is {Dimension}D; give {Dimension} coordinates");
        return Average(x, y, default);
    }

    /// <summary>Sliced W1 of a 3D cloud (x[p], y[p], z[p]).</summary>
    public double W1(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z)
    {
        if (Dimension != 3) throw new InvalidOperationException($"this density is {Dimension}D; give {Dimension} coordinates");
        return Average(x, y, z);
    }

    /// <summary>The 1D W1 on each direction, in the order of <see cref="Directions"/> (2D: pass an empty z).</summary>
    public double[] W1PerDirection(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z)
    {
        int n = x.Length;
        if (n == 0 || y.Length != n || (Dimension == 3 ? z.Length != n : !z.IsEmpty))
            throw new ArgumentException($"{Dimension} coordinate arrays of the same positive length");
        var projected = new double[n];
        var distances = new double[_directions.Length];
        for (int j = 0; j < _directions.Length; j++)
        {
            double[] u = _directions[j];
            for (int p = 0; p < n; p++)
            {
                double t = u[0] * x[p] + u[1] * y[p];
                if (Dimension == 3) t += u[2] * z[p];
                projected[p] = t;
            }
            Array.Sort(projected);
            distances[j] = Wasserstein1D.Between(projected, _projections[j]).W1;
        }
        return distances;
    }

    private double Average(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z)
    {
        double[] distances = W1PerDirection(x, y, z);
        double sum = 0.0;
        foreach (double w in distances) sum += w;
        return sum / distances.Length;
    }

    /// <summary>
    /// Spreads each cell's mass over the projected bins through the exact CDF of its projection. A cell's lower
    /// corner c projects to u . c; its image starts at u . c + sum_a min(0, u_a) h and is a sum of uniforms of
    /// widths |u_a| h (zero widths dropped).
    /// </summary>
    private static LineDensity Project(UniformGrid grid, ReadOnlySpan<double> density, double[] u, int binsPerCell)
    {
        int d = grid.Dimension;
        double h = grid.Spacing, binWidth = h / binsPerCell;
        double lowest = 0.0, extentInCells = 0.0, shift = 0.0;
        Span<double> widths = stackalloc double[3];
        int nonzero = 0;
        for (int a = 0; a < d; a++)
        {
            double span = u[a] * grid.Cells[a] * h, corner = u[a] * grid.Lower[a];
            lowest += corner + Math.Min(0.0, span);
            extentInCells += Math.Abs(u[a]) * grid.Cells[a];
            shift += Math.Min(0.0, u[a]) * h;
            if (u[a] != 0.0) widths[nonzero++] = Math.Abs(u[a]) * h;
        }
        var cdf = new UniformSumCdf(widths[..nonzero]);
        // Counted in cells, not from the box's ends, so that an axis direction gets exactly binsPerCell bins per cell;
        // the last bin takes whatever rounding leaves beyond it.
        int bins = Math.Max(1, (int)Math.Ceiling(binsPerCell * extentInCells - 1e-9));
        // Bins centred on the projected box: u and -u, and so the grid's quarter turns and reflections, then see the
        // same bins mirrored, and the sliced W1 keeps those symmetries to rounding, not only to the binning error.
        lowest += 0.5 * (extentInCells * h - bins * binWidth);
        var masses = new double[bins];
        for (int c = 0; c < grid.CellCount; c++)
        {
            double m = density[c];
            if (m == 0.0) continue;
            double start = shift;
            for (int a = 0; a < d; a++) start += u[a] * (grid.Lower[a] + grid.IndexOn(c, a) * h);
            int first = Math.Clamp((int)Math.Floor((start - lowest) / binWidth), 0, bins - 1);
            double below = 0.0;
            for (int b = first; b < bins && below < 1.0; b++)
            {
                double edge = b == bins - 1 ? double.PositiveInfinity : lowest + (b + 1) * binWidth;
                double upTo = cdf.At(edge - start);
                masses[b] += m * (upTo - below);
                below = upTo;
            }
        }
        return LineDensity.FromCells(lowest, binWidth, masses);
    }

    private static double Snap(double component) => Math.Abs(component) < 1e-15 ? 0.0 : component;
}
