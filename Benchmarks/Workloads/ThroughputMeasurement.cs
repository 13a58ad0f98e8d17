using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// Times whole realisations on one thread (median of several, after the warm-up of <see cref="SteadyStateTiming"/>) and,
/// in a separate untimed run, counts the pairs within the interaction radius per particle-step.
/// </summary>
public static class ThroughputMeasurement
{
    public sealed record Figures(int ParticlesPerSpecies, double ParticleStepsPerSecond, double PairsPerParticleStep,
        SteadyStateTiming.Timing Timing)
    {
        public double MedianSeconds => Timing.MedianSeconds;

        public double NanosecondsPerPair => PairsPerParticleStep > 0 ? 1e9 / (ParticleStepsPerSecond * PairsPerParticleStep) : double.NaN;
    }

    /// <param name="countPairs">also run one realisation that counts the pairs within eta (model A)</param>
    public static Figures Measure(SimulationSpec spec, int repetitions, bool countPairs = true)
    {
        var simulator = Simulator.Create(spec);
        long particleSteps = (long)simulator.Counts.Sum() * simulator.Steps;
        // Warm-up seeds are 0, 1, ...; every run is a different realisation, as in a job.
        var timing = SteadyStateTiming.Measure(r =>
        {
            var result = simulator.Run(new RealisationSeed(1, (uint)r));
            if (!result.Succeeded) throw new InvalidOperationException(result.Failure!.Reason);
        }, repetitions);
        return new Figures(simulator.Counts[0], particleSteps / timing.MedianSeconds, countPairs ? PairsPerParticleStep(simulator) : double.NaN,
            timing);
    }

    /// <summary>Pairs within eta per particle, averaged over every 10th step of one realisation (model A only).</summary>
    private static double PairsPerParticleStep(Simulator simulator)
    {
        if (simulator.Spec.Model is not PairwiseModelSpec pairwise) return double.NaN;
        var counter = new PairCounter(pairwise, simulator.Counts.Sum());
        simulator.RunCoupled(new RealisationSeed(1, 1), [simulator.CreateDrift()], counter);
        return counter.Average;
    }

    private sealed class PairCounter(PairwiseModelSpec spec, int particles) : IStepObserver
    {
        private readonly PairwiseDrift _drift = new(spec);
        private ParticleVectors? _scratch;
        private double _sum;
        private int _samples;

        public double Average => _sum / _samples;

        public bool Wants(int step) => step % 10 == 0;

        public void Observe(int step, double time, int process, ParticleVectors positions)
        {
            _scratch ??= new ParticleVectors(positions.Dimension, positions.Counts);
            _drift.Evaluate(positions, time, _scratch);
            _sum += (double)_drift.CountPairsWithinRadius() / particles;
            _samples++;
        }
    }
}
