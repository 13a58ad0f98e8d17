using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Engine;

namespace Ensemble.Simulation.Limits.Coupling;

/// <summary>
/// The drift of a limit process read from a solved PDE: -v_k(x, t_n) for a particle of species k at x, where v_k is
/// the transport velocity of d_t u_k = sigma_k Lap u_k + div(u_k v_k) at the Euler–Maruyama step time t_n = n dt —
/// processes (3) and (5) of model A, (1.7) of model B. The time the integrator passes selects the frame,
/// n = round(t / dt); the frame's cell-centre values are interpolated at x by <see cref="CellCentreInterpolator"/>
/// (cubic by default: its error, measured in the tests, is orders of magnitude below the coupling errors this drift is
/// used to measure). Positions outside the lattice of centres, inside or beyond the box, see the velocity clamped to
/// the nearest point of that lattice. Deterministic to the bit (fixed order, no transcendental) and allocation-free
/// per step. One instance per running realisation (it keeps a scratch stencil); the solution itself is shared.
/// </summary>
internal sealed class GridVelocityDrift : IDriftField
{
    private readonly IReadOnlyList<VelocityFrame> _frames;
    private readonly double _dt;
    private readonly int _species;
    private readonly int _d;
    private readonly CellCentreInterpolator _interpolator;

    /// <param name="solution">A solution with <see cref="LimitSolution.Velocities"/> kept: frame n at t_n = n dt.</param>
    /// <param name="dt">The spec's Euler–Maruyama step.</param>
    /// <param name="order">How to read between cell centres.</param>
    public GridVelocityDrift(LimitSolution solution, double dt, VelocityInterpolation order = VelocityInterpolation.Cubic)
    {
        ArgumentNullException.ThrowIfNull(solution);
        if (!(dt > 0) || !double.IsFinite(dt)) throw new ArgumentException($"dt must be positive and finite, found {dt}", nameof(dt));
        _frames = solution.Velocities ?? throw new ArgumentException(
            $"the {solution.Equation} solution kept no velocities; solve it with keepVelocities to couple a process to it", nameof(solution));
        if (_frames.Count == 0) throw new ArgumentException($"the {solution.Equation} solution has no velocity frames", nameof(solution));
        var grid = solution.Grid;
        _d = grid.Dimension;
        _species = _frames[0].Velocity.Count;
        for (int n = 0; n < _frames.Count; n++) CheckFrame(_frames[n], n, grid, dt);
        _dt = dt;
        _interpolator = new CellCentreInterpolator(grid, order);
    }

    /// <summary>Frames available: steps 0 … FrameCount - 1 can be taken.</summary>
    public int FrameCount => _frames.Count;

    public void Evaluate(ParticleVectors positions, double time, ParticleVectors drift)
    {
        if (positions.Dimension != _d || positions.SpeciesCount != _species)
            throw new ArgumentException($"positions of {positions.SpeciesCount} species in d = {positions.Dimension}; " +
                $"the velocity field has {_species} species in d = {_d}");
        int n = (int)Math.Round(time / _dt);
        if (n < 0 || n >= _frames.Count)
            throw new ArgumentOutOfRangeException(nameof(time), $"t = {time:G6} is step {n}; the solution has velocities for steps 0 to {_frames.Count - 1}");
        var frame = _frames[n].Velocity;
        double[] x = positions.Axis[0];
        double[]? y = _d > 1 ? positions.Axis[1] : null;
        double[]? z = _d > 2 ? positions.Axis[2] : null;
        for (int k = 0; k < _species; k++)
        {
            double[][] v = frame[k];
            for (int p = positions.Offset(k); p < positions.End(k); p++)
            {
                _interpolator.Locate(x[p], y is null ? 0.0 : y[p], z is null ? 0.0 : z[p]);
                for (int a = 0; a < _d; a++) drift.Axis[a][p] = -_interpolator.Value(v[a]);
            }
        }
    }

    private void CheckFrame(VelocityFrame frame, int n, UniformGrid grid, double dt)
    {
        if (Math.Abs(frame.Time - n * dt) > 1e-9 * dt)
            throw new ArgumentException($"velocity frame {n} is at t = {frame.Time:G17}; expected t_{n} = {n * dt:G17} (one frame per step)");
        if (frame.Velocity.Count != _species)
            throw new ArgumentException($"velocity frame {n} has {frame.Velocity.Count} species; frame 0 has {_species}");
        for (int k = 0; k < _species; k++)
        {
            if (frame.Velocity[k].Length != _d)
                throw new ArgumentException($"velocity frame {n}, species {k}: {frame.Velocity[k].Length} axes; the grid has {_d}");
            foreach (double[] component in frame.Velocity[k])
                if (component.Length != grid.CellCount)
                    throw new ArgumentException($"velocity frame {n}, species {k}: {component.Length} values; the grid has {grid.CellCount} cells");
        }
    }
}
