using System.Runtime.Intrinsics;
using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Random;

namespace Ensemble.Simulation.Engine;

/// <summary>
/// X_{n+1} = X_n + b(X_n, t_n) dt + sqrt(2 sigma_k dt) Z_n for one or more processes driven by the
/// same Z_n (synchronous coupling, as in Theorem 3 and Proposition 1.2). Z_n for particle p of
/// species k is the Philox draw at (step n, species k, particle p): independent of threads,
/// batching and of how many processes share it. After each step every position is checked; the
/// first non-finite one ends the run with a <see cref="RealisationFailure"/>.
/// The step loop allocates nothing.
/// </summary>
internal sealed class EulerMaruyama
{
    private readonly double _dt;
    private readonly double[] _noiseScale;
    private readonly int _threads;
    private readonly ParticleVectors _noise;
    private readonly ParticleVectors[] _drift;

    public EulerMaruyama(int dimension, IReadOnlyList<int> counts, double dt, IReadOnlyList<double> sigma, int processes, int threads = 1)
    {
        _dt = dt;
        _noiseScale = sigma.Select(s => Math.Sqrt(2.0 * s * dt)).ToArray();
        _threads = Math.Max(1, threads);
        _noise = new ParticleVectors(dimension, counts);
        _drift = Enumerable.Range(0, processes).Select(_ => new ParticleVectors(dimension, counts)).ToArray();
    }

    /// <summary>Advances every process <paramref name="steps"/> steps in place; null on success.</summary>
    public RealisationFailure? Run(IReadOnlyList<IDriftField> drifts, IReadOnlyList<ParticleVectors> states, NoiseStream noise, int steps,
        IStepObserver observer, CancellationToken cancellation = default, StepCounter? progress = null)
    {
        if (drifts.Count != _drift.Length || states.Count != _drift.Length)
            throw new ArgumentException($"expected {_drift.Length} drifts and states");
        Notify(observer, 0, states);
        for (int n = 0; n < steps; n++)
        {
            cancellation.ThrowIfCancellationRequested();
            double t = n * _dt;
            for (int p = 0; p < states.Count; p++)
            {
                try
                {
                    drifts[p].Evaluate(states[p], t, _drift[p]);
                }
                catch (SimulationFailureException e)
                {
                    return new RealisationFailure(n, t, -1, -1, p, $"drift could not be evaluated at step {n} (t = {t:G6}): {e.Message}");
                }
            }
            FillNoise(noise, (uint)n);
            for (int p = 0; p < states.Count; p++)
            {
                Advance(states[p], _drift[p]);
                if (FindNonFinite(states[p]) is { } bad)
                {
                    double when = (n + 1) * _dt;
                    return new RealisationFailure(n + 1, when, bad.Species, bad.Particle, p,
                        $"position of particle {bad.Particle} of species {bad.Species} became non-finite at step {n + 1} (t = {when:G6})" +
                        (states.Count > 1 ? $" in process {p}" : ""));
                }
            }
            Notify(observer, n + 1, states);
            progress?.Reached(n + 1);
        }
        return null;
    }

    private void Notify(IStepObserver observer, int step, IReadOnlyList<ParticleVectors> states)
    {
        if (!observer.Wants(step)) return;
        for (int p = 0; p < states.Count; p++) observer.Observe(step, step * _dt, p, states[p]);
    }

    private void FillNoise(NoiseStream noise, uint step)
    {
        int species = _noise.SpeciesCount;
        if (_threads == 1 || _noise.Total < 2048)
        {
            for (int k = 0; k < species; k++) FillNoise(noise, step, k, 0, _noise.Counts[k]);
            return;
        }
        for (int k = 0; k < species; k++)
        {
            int count = _noise.Counts[k], chunks = _threads * 4, kk = k;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads },
                c => FillNoise(noise, step, kk, (int)((long)count * c / chunks), (int)((long)count * (c + 1) / chunks)));
        }
    }

    private void FillNoise(NoiseStream noise, uint step, int species, int from, int to)
    {
        int d = _noise.Dimension, offset = _noise.Offset(species) + from, count = to - from;
        Span<double> x = _noise.Axis[0].AsSpan(offset, count);
        // In 1D the second normal of each pair is computed and dropped: it keeps one code path.
        Span<double> y = d > 1 ? _noise.Axis[1].AsSpan(offset, count) : Span<double>.Empty;
        Span<double> z = d > 2 ? _noise.Axis[2].AsSpan(offset, count) : Span<double>.Empty;
        noise.FillGaussians(NoisePurpose.BrownianIncrement, step, species, from, to, x, y, z);
    }

    private void Advance(ParticleVectors state, ParticleVectors drift)
    {
        var dt = Vector256.Create(_dt);
        for (int k = 0; k < state.SpeciesCount; k++)
        {
            var scale = Vector256.Create(_noiseScale[k]);
            int start = state.Offset(k), end = state.End(k);
            for (int a = 0; a < state.Dimension; a++)
            {
                double[] x = state.Axis[a], b = drift.Axis[a], w = _noise.Axis[a];
                int i = start;
                for (; i + 4 <= end; i += 4)
                {
                    var xi = Vector256.LoadUnsafe(ref x[0], (nuint)i);
                    var bi = Vector256.LoadUnsafe(ref b[0], (nuint)i);
                    var wi = Vector256.LoadUnsafe(ref w[0], (nuint)i);
                    (xi + dt * bi + scale * wi).StoreUnsafe(ref x[0], (nuint)i);
                }
                for (; i < end; i++) x[i] = x[i] + _dt * b[i] + _noiseScale[k] * w[i];
            }
        }
    }

    /// <summary>x - x is 0 for finite x and NaN otherwise, so one vector sum screens a whole array.</summary>
    private static (int Species, int Particle)? FindNonFinite(ParticleVectors state)
    {
        for (int a = 0; a < state.Dimension; a++)
        {
            double[] x = state.Axis[a];
            var acc = Vector256<double>.Zero;
            int i = 0, total = state.Total;
            for (; i + 4 <= total; i += 4)
            {
                var v = Vector256.LoadUnsafe(ref x[0], (nuint)i);
                acc += v - v;
            }
            double tail = 0.0;
            for (; i < total; i++) tail += x[i] - x[i];
            if (Vector256.Sum(acc) + tail == 0.0) continue;
            for (int k = 0; k < state.SpeciesCount; k++)
            for (int j = state.Offset(k); j < state.End(k); j++)
                if (!double.IsFinite(x[j])) return (k, j - state.Offset(k));
        }
        return null;
    }
}
