using System.Diagnostics;
using System.Globalization;

namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// Marches a <see cref="PdeProblem"/> from 0 to Steps * Dt. Each interval [n dt, (n+1) dt] is k PDE steps of
/// dt / k (<see cref="FiniteVolumeStepper"/>), k the smallest whole number keeping tau within Safety times both
/// positivity limits at the interval's start; if a later step of the interval would break them, the interval
/// is redone from its start with k doubled. The velocity is evaluated once a PDE step; the one at
/// t_n = n dt (cell centres) is kept when asked, since the coupled processes read it there.
/// A step is split two ways:
/// - a model whose velocity is <see cref="IVelocityModel.SmoothInTime"/> (the nonlocal equations): Strang,
///   half a diffusion step (axes in order), the transport by the two-stage TVD Runge–Kutta scheme with the
///   velocity extrapolated to the step's middle (<see cref="VelocityHistory"/>), half a diffusion step (axes
///   reversed): second order in time, so the time error does not follow the grid (tau is tied to h by the limits);
/// - otherwise (the local equations, whose velocity holds density gradients): Lie, a forward-Euler transport step
///   and a diffusion step, first order in time.
/// Everything runs on one thread in a fixed order, so the bits depend on nothing but the problem.
/// </summary>
internal static class PdeSolver
{
    /// <summary>More PDE steps than this per Euler–Maruyama step means the solution is blowing up.</summary>
    private const int MaxSubsteps = 1 << 16;

    public static LimitSolution Solve(PdeProblem p)
    {
        var clock = Stopwatch.StartNew();
        var grid = p.Grid;
        int n = p.Initial.Length, d = grid.Dimension, cells = grid.CellCount;
        if (p.Sigma.Length != n) throw new ArgumentException($"one sigma per species: {n} species, {p.Sigma.Length} sigmas");
        if (p.Sigma.Any(s => !(s >= 0.0))) throw new ArgumentException("sigma must be >= 0");
        if (p.Initial.Any(u => u.Length != cells)) throw new ArgumentException($"initial densities of {cells} cells each");
        if (!(p.Dt > 0.0) || p.Steps < 1) throw new ArgumentException($"a positive dt and at least one step, found {p.Dt} and {p.Steps}");
        if (p.Substeps is < 1) throw new ArgumentException("a fixed substep count must be at least 1");

        double[][] u = p.Initial.Select(x => (double[])x.Clone()).ToArray();
        double[][] backup = p.Initial.Select(x => new double[cells]).ToArray();
        double[][][] velocity = NewField(n, d, cells), diffusivity = NewField(n, d, cells);
        var stepper = new FiniteVolumeStepper(grid);
        double[] mass0 = u.Select(x => Mass(grid, x)).ToArray();
        var outputs = new HashSet<int>(p.OutputSteps);
        var snapshots = new List<LimitSnapshot> { Snapshot(0, 0.0, u) };
        var frames = p.KeepVelocities ? new List<VelocityFrame>(p.Steps) : null;
        var history = p.Model.SmoothInTime ? new VelocityHistory(n, d, cells) : null;
        // Only the Strang step carries an extrapolated velocity.
        double[][][]? midpoint = history is null ? null : NewField(n, d, cells);
        int[] wall = WallCells(grid);
        double massDrift = 0.0, boundary = BoundaryShare(grid, wall, u, mass0, 0.0, p.BoundaryThreshold), minimum = Minimum(u);
        int totalSteps = 0, largestK = 1;
        int k = p.Substeps ?? 1;

        for (int step = 0; step < p.Steps; step++)
        {
            double t0 = step * p.Dt;
            if (frames is not null)
            {
                double[][][] centre = NewField(n, d, cells);
                p.Model.Centres(u, centre);
                frames.Add(new VelocityFrame(t0, centre));
            }
            for (int s = 0; s < n; s++) Array.Copy(u[s], backup[s], cells);
            history?.Save();
            int least = 1;
            while (true)
            {
                int retry = Interval(p, stepper, u, new StepFields(velocity, diffusivity, midpoint, history), t0, least, ref k);
                if (retry == 0) break;
                for (int s = 0; s < n; s++) Array.Copy(backup[s], u[s], cells);
                history?.Restore();
                k = least = retry;
                if (k > MaxSubsteps)
                    throw new LimitFailureException(p.Equation, string.Create(CultureInfo.InvariantCulture,
                        $"the PDE step collapsed near t = {t0:G6}: over {MaxSubsteps} steps per dt would be needed to keep the density nonnegative (blow-up)"));
            }
            totalSteps += k;
            largestK = Math.Max(largestK, k);

            double t1 = (step + 1) * p.Dt;
            for (int s = 0; s < n; s++)
            {
                double m = Mass(grid, u[s]);
                if (!double.IsFinite(m))
                    throw new LimitFailureException(p.Equation, string.Create(CultureInfo.InvariantCulture,
                        $"the density of species {s} is no longer finite at t = {t1:G6}"));
                massDrift = Math.Max(massDrift, Math.Abs(m - mass0[s]) / mass0[s]);
            }
            boundary = Math.Max(boundary, BoundaryShare(grid, wall, u, mass0, t1, p.BoundaryThreshold));
            minimum = Math.Min(minimum, Minimum(u));
            if (outputs.Contains(step + 1)) snapshots.Add(Snapshot(step + 1, t1, u));
        }

        var diagnostics = new LimitDiagnostics
        {
            Steps = totalSteps,
            TimeStep = p.Dt / largestK,
            Convolution = p.Model.Convolution,
            MassDrift = massDrift,
            MassAtBoundary = boundary,
            MinimumDensity = minimum,
            ElapsedSeconds = clock.Elapsed.TotalSeconds,
        };
        return new LimitSolution(p.Equation, grid, snapshots, frames, diagnostics);
    }

    /// <summary>The solver's work fields for one step: face velocity and diffusivity, the extrapolated velocity and its history (null: Lie steps).</summary>
    private readonly record struct StepFields(double[][][] Velocity, double[][][] Diffusivity, double[][][]? Midpoint, VelocityHistory? History);

    /// <summary>
    /// k steps of dt / k from t0; returns 0 when done, or the k to redo the interval with (the state is then
    /// partly advanced) when a step after the first would break a positivity limit. At the first step, before
    /// anything moves, an adaptive k is set to the smallest whole number within the limits, and at least <paramref name="least"/>.
    /// </summary>
    private static int Interval(PdeProblem p, FiniteVolumeStepper stepper, double[][] u, StepFields f, double t0, int least, ref int k)
    {
        int n = u.Length;
        var grid = p.Grid;
        bool strang = f.History is not null;
        double[][]? Extra(int s) => p.Model.HasSelfDiffusion ? f.Diffusivity[s] : null;
        for (int sub = 0; sub < k; sub++)
        {
            double time = t0 + sub * (p.Dt / k);
            p.Model.Check(time, u);
            p.Model.Faces(u, f.Velocity, f.Diffusivity);
            double transport = double.PositiveInfinity, diffusion = double.PositiveInfinity;
            for (int s = 0; s < n; s++)
            {
                transport = Math.Min(transport, stepper.TransportLimit(f.Velocity[s]));
                // Strang's diffusion steps are halves, which doubles the step they allow.
                if (p.Theta < 1.0)
                    diffusion = Math.Min(diffusion, (strang ? 2.0 : 1.0) * stepper.DiffusionLimit(p.Sigma[s], Extra(s)) / (1.0 - p.Theta));
            }
            double cross = p.Model.ExplicitDiffusivity(u);
            if (cross > 0.0) diffusion = Math.Min(diffusion, grid.Spacing * grid.Spacing / (2.0 * grid.Dimension * cross));
            double limit = Math.Min(transport, diffusion);
            if (p.Substeps is null && sub == 0)
            {
                // The safety share applies to the transport limit (accuracy of the explicit part); the diffusion
                // limit is exact (at it a cell's own weight in the explicit half is zero, never negative), so it
                // only keeps a tenth in hand for the diffusivity's growth within the interval.
                double needed = Math.Ceiling(p.Dt / Math.Min(p.Safety * transport, 0.9 * diffusion));
                if (needed > MaxSubsteps) return MaxSubsteps + 1;
                k = Math.Max(least, (int)needed);
            }
            double tau = p.Dt / k;
            double[][][] carried = f.Velocity;
            if (strang)
            {
                carried = f.Midpoint!;
                f.History!.Extrapolate(f.Velocity, tau, carried);
                for (int s = 0; s < n; s++) limit = Math.Min(limit, stepper.TransportLimit(carried[s]));
            }
            if (tau > limit)
            {
                if (p.Substeps is not null)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"a fixed {k} steps per dt gives tau = {tau:G4}, over the positivity limit {limit:G4} at t = {time:G6}"));
                return 2 * k;
            }
            for (int s = 0; s < n; s++)
            {
                if (strang)
                {
                    stepper.Diffuse(u[s], p.Sigma[s], Extra(s), 0.5 * tau, p.Theta);
                    stepper.TransportTwoStage(u[s], carried[s], tau);
                    stepper.Diffuse(u[s], p.Sigma[s], Extra(s), 0.5 * tau, p.Theta, reversed: true);
                }
                else
                {
                    stepper.Transport(u[s], carried[s], tau);
                    stepper.Diffuse(u[s], p.Sigma[s], Extra(s), tau, p.Theta);
                }
            }
            p.Observer?.Invoke(t0 + (sub + 1) * tau, u);
        }
        return 0;
    }

    private static double[][][] NewField(int n, int d, int cells) =>
        Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => new double[cells]).ToArray()).ToArray();

    private static LimitSnapshot Snapshot(int step, double time, double[][] u) =>
        new(step, time, u.Select(x => (double[])x.Clone()).ToArray());

    public static double Mass(UniformGrid grid, double[] u)
    {
        double sum = 0.0;
        foreach (double x in u) sum += x;
        return sum * grid.CellVolume;
    }

    private static double Minimum(double[][] u)
    {
        double min = double.PositiveInfinity;
        foreach (double[] x in u)
            foreach (double v in x) min = Math.Min(min, v);
        return min;
    }

    /// <summary>The cells touching a wall (an index 0 or n - 1 on some axis), ascending.</summary>
    private static int[] WallCells(UniformGrid grid)
    {
        var cells = new List<int>();
        for (int c = 0; c < grid.CellCount; c++)
        {
            bool edge = false;
            for (int a = 0; a < grid.Dimension && !edge; a++)
            {
                int i = grid.IndexOn(c, a);
                edge = i == 0 || i == grid.Cells[a] - 1;
            }
            if (edge) cells.Add(c);
        }
        return cells.ToArray();
    }

    /// <summary>Largest share of a species' mass in the cells touching a wall; throws past the threshold.</summary>
    private static double BoundaryShare(UniformGrid grid, int[] wall, double[][] u, double[] mass0, double time, double threshold)
    {
        double worst = 0.0;
        for (int s = 0; s < u.Length; s++)
        {
            double sum = 0.0;
            foreach (int c in wall) sum += u[s][c];
            double share = sum * grid.CellVolume / mass0[s];
            if (share > threshold) throw new BoundaryMassException(time, s, share);
            worst = Math.Max(worst, share);
        }
        return worst;
    }
}
