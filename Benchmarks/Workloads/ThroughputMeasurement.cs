using System.Diagnostics;
using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// Times whole realisations on one thread (median of several, after a warm-up run) and, in a
/// separate untimed run, counts the pairs within the interaction radius per particle-step.
/// </summary>
public static class ThroughputMeasurement
{
    public sealed record Figures(int ParticlesPerSpecies, double ParticleStepsPerSecond, double PairsPerParticleStep, double MedianSeconds)
    {
        public double NanosecondsPerPair => PairsPerParticleStep > 0 ? 1e9 / (ParticleStepsPerSecond * PairsPerParticleStep) : double.NaN;
    }

    public static Figures Measure(SimulationSpec spec, int repetitions)
    {
        var simulator = Simulator.Create(spec);
        long particleSteps = (long)simulator.Counts.Sum() * simulator.Steps;
        // Warm-up for a second: tiered compilation promotes the step loop's methods to optimised
        // code only after they have been called for a while.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 1.0) simulator.Run(new RealisationSeed(1, 0));
        var seconds = new List<double>();
        for (int r = 0; r < repetitions; r++)
        {
            var clock = Stopwatch.StartNew();
            var result = simulator.Run(new RealisationSeed(1, (uint)r + 1));
            seconds.Add(clock.Elapsed.TotalSeconds);
            if (!result.Succeeded) throw new InvalidOperationException(result.Failure!.Reason);
        }
        seconds.Sort();
        double median = seconds[seconds.Count / 2];
        return new Figures(simulator.Counts[0], particleSteps / median, PairsPerParticleStep(simulator), median);
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
