using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Engine;

namespace Ensemble.Simulation.Limits.Coupling;

/// <summary>
/// The drift of a limit process read from a solved PDE: -v_k(x, t_n) for a particle of species k at x, where v_k is
/// the transport velocity of d_t u_k = sigma_k Lap u_k + div(u_k v_k) at the Euler–Maruyama step time t_n = n dt —
/// processes (3) and (5) of model A, (1.7) of model B. The time the integrator passes selects the frame,
/// n = round(t / dt); the frame's values on a <see cref="VelocityLattice"/> (the solution's cell centres, or every
/// s-th of them) are interpolated at x by <see cref="LatticeInterpolator"/> (cubic by default: its error, measured in
/// the tests, is orders of magnitude below the coupling errors this drift is used to measure). Positions beyond the
/// solution's outermost cell centres, inside or beyond the box, read the velocity clamped there. Deterministic to the
/// bit (fixed order, no transcendental, whatever the thread count) and allocation-free per step on one thread.
/// Stateless between calls; the lattice itself is shared by every realisation.
/// </summary>
internal sealed class GridVelocityDrift : IDriftField
{
    private readonly VelocityLattice _lattice;
    private readonly double _dt;
    private readonly LatticeInterpolator _interpolator;
    private readonly int _threads;

    /// <summary>The drift read from a lattice prepared once per job (<see cref="VelocityLattice.Prepare"/>): cheap, one per realisation.</summary>
    /// <param name="lattice">The solution's frames: frame n at t_n = n dt.</param>
    /// <param name="dt">The spec's Euler–Maruyama step, the one the lattice was prepared with.</param>
    /// <param name="threads">Particles split over this many threads (each particle's drift is its own: the same bits).</param>
    public GridVelocityDrift(VelocityLattice lattice, double dt, int threads = 1)
    {
        _threads = Math.Max(1, threads);
        ArgumentNullException.ThrowIfNull(lattice);
        if (!(dt > 0) || !double.IsFinite(dt)) throw new ArgumentException($"dt must be positive and finite, found {dt}", nameof(dt));
        _lattice = lattice;
        _dt = dt;
        _interpolator = lattice.CreateInterpolator();
    }

    /// <summary>
    /// The drift read from every cell centre of <paramref name="solution"/> (no subsampling, so the interpolation is at the
    /// solution's own h: what the interpolation tests measure). It checks every frame; a job should prepare a
    /// <see cref="VelocityLattice"/> once and share it instead.
    /// </summary>
    public GridVelocityDrift(LimitSolution solution, double dt, VelocityInterpolation order = VelocityInterpolation.Cubic)
        : this(VelocityLattice.Prepare(solution, dt, order, maxFactor: 1), dt)
    {
    }

    /// <summary>Frames available: steps 0 … FrameCount - 1 can be taken.</summary>
    public int FrameCount => _lattice.FrameCount;

    public void Evaluate(ParticleVectors positions, double time, ParticleVectors drift)
    {
        if (positions.Dimension != _lattice.Dimension || positions.SpeciesCount != _lattice.Species)
            throw new ArgumentException($"positions of {positions.SpeciesCount} species in d = {positions.Dimension}; " +
                $"the velocity field has {_lattice.Species} species in d = {_lattice.Dimension}");
        int n = (int)Math.Round(time / _dt);
        if (n < 0 || n >= _lattice.FrameCount)
            throw new ArgumentOutOfRangeException(nameof(time),
                $"t = {time:G6} is step {n}; the solution has velocities for steps 0 to {_lattice.FrameCount - 1}");
        for (int k = 0; k < positions.SpeciesCount; k++)
        {
            double[][] frame = _lattice.Frame(n, k);
            int from = positions.Offset(k), count = positions.Counts[k];
            if (_threads == 1 || count < 2048)
            {
                _interpolator.NegatedInto(positions.Axis, from, from + count, frame, drift.Axis);
                continue;
            }
            InParallel(positions.Axis, from, count, frame, drift.Axis);
        }
    }

    /// <summary>A method of its own, so the single-thread path allocates no closure.</summary>
    private void InParallel(double[][] positions, int from, int count, double[][] frame, double[][] drift)
    {
        int chunks = 4 * _threads;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, c => _interpolator.NegatedInto(positions,
            from + (int)((long)count * c / chunks), from + (int)((long)count * (c + 1) / chunks), frame, drift));
    }
}
