namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// The face velocity at the start of the previous PDE step, for extrapolating the current one to the middle of its
/// step: v(t + tau/2) ~ v_n + (tau / 2 tau_prev) (v_n - v_prev), an error of O(tau^2), which keeps a step of
/// <see cref="PdeSolver"/> second order while the velocity is evaluated once a step. The first step (no history)
/// uses v_n itself: one step of local error O(tau^2), which leaves the global order alone.
/// An interval redone with a smaller step restores the history it started from, so a retry sees what the first try saw.
/// </summary>
internal sealed class VelocityHistory
{
    private readonly double[][][] _previous, _saved;
    private double _previousTau, _savedTau;

    public VelocityHistory(int species, int dimension, int cells)
    {
        _previous = New(species, dimension, cells);
        _saved = New(species, dimension, cells);
    }

    /// <summary>
    /// Writes the velocity extrapolated to t + tau/2 into <paramref name="midpoint"/> and records
    /// <paramref name="current"/> (the velocity at t) as the previous step's for the next call.
    /// </summary>
    public void Extrapolate(double[][][] current, double tau, double[][][] midpoint)
    {
        double weight = _previousTau > 0.0 ? 0.5 * tau / _previousTau : 0.0;
        for (int s = 0; s < current.Length; s++)
        for (int a = 0; a < current[s].Length; a++)
        {
            double[] now = current[s][a], before = _previous[s][a], middle = midpoint[s][a];
            for (int c = 0; c < now.Length; c++)
            {
                middle[c] = now[c] + weight * (now[c] - before[c]);
                before[c] = now[c];
            }
        }
        _previousTau = tau;
    }

    /// <summary>Remembers the history at the start of an interval.</summary>
    public void Save()
    {
        Copy(_previous, _saved);
        _savedTau = _previousTau;
    }

    /// <summary>Returns to the history <see cref="Save"/> kept (an interval is being redone).</summary>
    public void Restore()
    {
        Copy(_saved, _previous);
        _previousTau = _savedTau;
    }

    private static void Copy(double[][][] from, double[][][] to)
    {
        for (int s = 0; s < from.Length; s++)
        for (int a = 0; a < from[s].Length; a++) Array.Copy(from[s][a], to[s][a], from[s][a].Length);
    }

    private static double[][][] New(int species, int dimension, int cells) =>
        Enumerable.Range(0, species).Select(_ => Enumerable.Range(0, dimension).Select(_ => new double[cells]).ToArray()).ToArray();
}
