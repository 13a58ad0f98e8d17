namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// One time step tau of d_t u = div(D grad u) + div(u v) on the cell averages, with no-flux walls, split
/// (Lie) into a conservative transport step and a diffusion step, each of which keeps the mass (flux form:
/// what leaves one cell enters its neighbour) and the sign:
/// - transport, explicit: upwind fluxes of the MUSCL reconstruction (minmod slopes, first order at the walls
///   and at extrema, second order elsewhere) with the transport velocity -v; nonnegative while
///   tau * sum_axes 2 max|v_a| / h &lt;= 1 (<see cref="TransportLimit"/>), as each cell then keeps at least
///   that share of what it holds and only receives nonnegative inflows;
/// - diffusion, Crank–Nicolson split by axes: (I - tau/2 L_a) u' = (I + tau/2 L_a) u along every line, L_a the
///   three-point operator with face diffusivity sigma + the model's extra one. The left matrix is an
///   M-matrix solved by the Thomas algorithm (every operation then adds nonnegative terms); the right side
///   is nonnegative while tau (D_- + D_+) / (2 h^2) &lt;= 1 (<see cref="DiffusionLimit"/>). Backward Euler
///   (theta = 1) has no such limit and is used when asked.
/// </summary>
internal sealed class FiniteVolumeStepper
{
    private readonly UniformGrid _grid;
    private readonly double[] _delta, _slope, _stage;
    private readonly double[] _line, _lineFace, _rhs, _upperPrime, _solution;

    public FiniteVolumeStepper(UniformGrid grid)
    {
        _grid = grid;
        _delta = new double[grid.CellCount];
        _slope = new double[grid.CellCount];
        _stage = new double[grid.CellCount];
        int longest = grid.Cells.Max();
        _line = new double[longest];
        _lineFace = new double[longest];
        _rhs = new double[longest];
        _upperPrime = new double[longest];
        _solution = new double[longest];
    }

    /// <summary>The largest tau keeping the transport step nonnegative: h / (2 sum_a max|v_a|) (infinity when v = 0).</summary>
    public double TransportLimit(double[][] velocity)
    {
        double sum = 0.0;
        for (int a = 0; a < _grid.Dimension; a++)
        {
            var lines = new AxisLines(_grid, a);
            double max = 0.0;
            double[] v = velocity[a];
            for (int o = 0; o < lines.Outer; o++)
            {
                int first = o * lines.Block, last = first + (lines.Count - 1) * lines.Stride;
                for (int c = first; c < last; c++) max = Math.Max(max, Math.Abs(v[c]));
            }
            sum += max;
        }
        return sum > 0.0 ? _grid.Spacing / (2.0 * sum) : double.PositiveInfinity;
    }

    /// <summary>The largest tau keeping Crank–Nicolson's explicit half nonnegative: h^2 / max (D_- + D_+) / 2 per axis.</summary>
    public double DiffusionLimit(double sigma, double[][]? diffusivity)
    {
        double h2 = _grid.Spacing * _grid.Spacing, limit = double.PositiveInfinity;
        for (int a = 0; a < _grid.Dimension; a++)
        {
            var lines = new AxisLines(_grid, a);
            int s = lines.Stride, n = lines.Count;
            if (n == 1) continue;
            double max = 2.0 * sigma;
            if (diffusivity is not null)
            {
                double[] extra = diffusivity[a];
                double largest = 0.0;
                for (int o = 0; o < lines.Outer; o++)
                for (int i = 0; i < n; i++)
                {
                    int row = o * lines.Block + i * s;
                    for (int c = row; c < row + s; c++)
                    {
                        double below = i == 0 ? 0.0 : extra[c - s], above = i == n - 1 ? 0.0 : extra[c];
                        largest = Math.Max(largest, below + above);
                    }
                }
                max += largest;
            }
            if (max > 0.0) limit = Math.Min(limit, 2.0 * h2 / max);
        }
        return limit;
    }

    /// <summary>u += tau * div(u v) by upwind MUSCL fluxes (transport velocity -v), all axes at once.</summary>
    public void Transport(double[] u, double[][] velocity, double tau)
    {
        int cells = _grid.CellCount;
        Array.Clear(_delta, 0, cells);
        for (int a = 0; a < _grid.Dimension; a++)
        {
            var lines = new AxisLines(_grid, a);
            int s = lines.Stride, n = lines.Count;
            if (n == 1) continue;
            double[] v = velocity[a];
            for (int o = 0; o < lines.Outer; o++)
            {
                int b = o * lines.Block;
                Array.Clear(_slope, b, s);
                Array.Clear(_slope, b + (n - 1) * s, s);
                for (int c = b + s; c < b + (n - 1) * s; c++) _slope[c] = MinMod(u[c] - u[c - s], u[c + s] - u[c]);
                for (int c = b; c < b + (n - 1) * s; c++)
                {
                    double w = -v[c];
                    double flux = w > 0.0 ? w * (u[c] + 0.5 * _slope[c]) : w * (u[c + s] - 0.5 * _slope[c + s]);
                    _delta[c] -= flux;
                    _delta[c + s] += flux;
                }
            }
        }
        double scale = tau / _grid.Spacing;
        for (int c = 0; c < cells; c++) u[c] += scale * _delta[c];
    }

    /// <summary>
    /// u += tau * div(u v) by the two-stage TVD Runge–Kutta scheme (Heun's) with v held fixed: u1 = u + tau T(u),
    /// u = (u + u1 + tau T(u1)) / 2. Second order in time for a velocity given at the step's middle, and nonnegative
    /// under the same limit as one <see cref="Transport"/> step (it is an average of two of them).
    /// </summary>
    public void TransportTwoStage(double[] u, double[][] velocity, double tau)
    {
        int cells = _grid.CellCount;
        Array.Copy(u, _stage, cells);
        Transport(u, velocity, tau);
        Transport(u, velocity, tau);
        for (int c = 0; c < cells; c++) u[c] = 0.5 * (_stage[c] + u[c]);
    }

    /// <summary>
    /// One theta-step of d_t u = div(D grad u) per axis in turn (last axis first when <paramref name="reversed"/>, so
    /// that two half steps in opposite orders are symmetric), D = sigma + diffusivity (null: none).
    /// </summary>
    public void Diffuse(double[] u, double sigma, double[][]? diffusivity, double tau, double theta, bool reversed = false)
    {
        double r = tau / (_grid.Spacing * _grid.Spacing);
        for (int axis = 0; axis < _grid.Dimension; axis++)
        {
            int a = reversed ? _grid.Dimension - 1 - axis : axis;
            var lines = new AxisLines(_grid, a);
            int s = lines.Stride, n = lines.Count;
            if (n == 1) continue;
            double[]? extra = diffusivity?[a];
            if (s == 1)
            {
                for (int start = 0; start < _grid.CellCount; start += n)
                {
                    for (int j = 0; j < n; j++)
                    {
                        _line[j] = u[start + j];
                        _lineFace[j] = j == n - 1 ? 0.0 : sigma + (extra is null ? 0.0 : extra[start + j]);
                    }
                    SolveLine(n, r, theta);
                    Array.Copy(_solution, 0, u, start, n);
                }
                continue;
            }
            for (int o = 0; o < lines.Outer; o++) SolveLines(u, o * lines.Block, s, n, sigma, extra, r, theta);
        }
    }

    /// <summary>
    /// The <paramref name="s"/> lines of a block along a strided axis solved together, row by row, so every access
    /// is contiguous; each line sees exactly the operations of <see cref="SolveLine"/>, in the same order.
    /// </summary>
    private void SolveLines(double[] u, int block, int s, int n, double sigma, double[]? extra, double r, double theta)
    {
        double explicitPart = (1.0 - theta) * r, implicitPart = theta * r;
        for (int j = 0; j < n; j++)
        {
            int row = block + j * s;
            for (int c = row; c < row + s; c++)
            {
                double faceBelow = j == 0 ? 0.0 : sigma + (extra is null ? 0.0 : extra[c - s]);
                double faceAbove = j == n - 1 ? 0.0 : sigma + (extra is null ? 0.0 : extra[c]);
                double keep = 1.0 - explicitPart * (faceBelow + faceAbove);
                double rhs = keep * u[c];
                if (j > 0) rhs += explicitPart * faceBelow * u[c - s];
                if (j < n - 1) rhs += explicitPart * faceAbove * u[c + s];
                double below = implicitPart * faceBelow, above = implicitPart * faceAbove;
                double previousUpper = j == 0 ? 0.0 : _delta[c - s], previousRhs = j == 0 ? 0.0 : _slope[c - s];
                double pivot = 1.0 + below + above - below * previousUpper;
                _delta[c] = above / pivot;
                _slope[c] = (rhs + below * previousRhs) / pivot;
            }
        }
        // Back substitution into u, top row first; the rows below are already read for the right sides above.
        int last = block + (n - 1) * s;
        for (int c = last; c < last + s; c++) u[c] = _slope[c];
        for (int j = n - 2; j >= 0; j--)
        {
            int row = block + j * s;
            for (int c = row; c < row + s; c++) u[c] = _slope[c] + _delta[c] * u[c + s];
        }
    }

    /// <summary>
    /// (I - theta r L) x = (I + (1 - theta) r L) line, L with face diffusivities _lineFace (0 at the walls):
    /// the right side in the form of a sum of nonnegative terms, then Thomas' algorithm.
    /// </summary>
    private void SolveLine(int n, double r, double theta)
    {
        double explicitPart = (1.0 - theta) * r, implicitPart = theta * r;
        for (int j = 0; j < n; j++)
        {
            double below = j == 0 ? 0.0 : _lineFace[j - 1], above = _lineFace[j];
            double keep = 1.0 - explicitPart * (below + above);
            double rhs = keep * _line[j];
            if (j > 0) rhs += explicitPart * below * _line[j - 1];
            if (j < n - 1) rhs += explicitPart * above * _line[j + 1];
            _rhs[j] = rhs;
        }
        // Forward sweep: lower_j = -implicitPart D_(j-1/2), upper_j = -implicitPart D_(j+1/2).
        double previousUpper = 0.0, previousRhs = 0.0;
        for (int j = 0; j < n; j++)
        {
            double below = j == 0 ? 0.0 : implicitPart * _lineFace[j - 1], above = implicitPart * _lineFace[j];
            double pivot = 1.0 + below + above - below * previousUpper;
            previousUpper = above / pivot;
            previousRhs = (_rhs[j] + below * previousRhs) / pivot;
            _upperPrime[j] = previousUpper;
            _rhs[j] = previousRhs;
        }
        _solution[n - 1] = _rhs[n - 1];
        for (int j = n - 2; j >= 0; j--) _solution[j] = _rhs[j] + _upperPrime[j] * _solution[j + 1];
    }

    private static double MinMod(double left, double right) =>
        left > 0.0 && right > 0.0 ? Math.Min(left, right)
        : left < 0.0 && right < 0.0 ? Math.Max(left, right)
        : 0.0;
}
