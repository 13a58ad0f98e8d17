using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Initial;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Observables;
using Ensemble.Simulation.Random;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Engine;

/// <summary>
/// A validated spec, ready to run realisations: <c>Simulator.Create(spec).Run(seed)</c>.
/// Immutable and thread-safe; every <see cref="Run"/> builds its own buffers, so many realisations
/// may run at once. A realisation is a pure function of (spec, master seed, index).
/// </summary>
public sealed class Simulator
{
    private readonly InitialSampler[] _initial;
    private readonly double[] _sigma;
    private readonly int[] _outputSteps;
    private readonly SelfConvolvedKernel? _pressureTable;

    private Simulator(SimulationSpec spec)
    {
        Spec = spec;
        Dimension = spec.Model.Dimension;
        Counts = spec.Model.AllSpecies().Select(s => s.Particles).ToArray();
        _initial = spec.Model.AllSpecies().Select(s => InitialSampler.Create(s.Initial)).ToArray();
        _sigma = spec.Model switch
        {
            PairwiseModelSpec a => a.Species.Select(s => s.Sigma).ToArray(),
            PressureModelSpec b => b.Species.Select(_ => b.Sigma).ToArray(),
            _ => throw new ArgumentException("unknown model", nameof(spec)),
        };
        Steps = spec.Time.StepCount();
        _outputSteps = spec.Time.OutputSteps();
        if (spec.Model is PressureModelSpec { Drift.Method: PressureDriftMethod.Pairwise } pressure)
            _pressureTable = new SelfConvolvedKernel(pressure.Mollifier, pressure.Dimension);
    }

    /// <summary>Validates the spec (throwing <see cref="SpecValidationException"/>) and prepares it.</summary>
    public static Simulator Create(SimulationSpec spec) => new(SpecValidator.Validate(spec));

    public SimulationSpec Spec { get; }
    public int Dimension { get; }
    public IReadOnlyList<int> Counts { get; }
    public int Steps { get; }
    public IReadOnlyList<int> OutputSteps => _outputSteps;
    public double Dt => Spec.Time.Dt;

    /// <summary>The particle system's own drift, (2) or (1.6), as the spec configures it.</summary>
    internal IDriftField CreateDrift(int threads = 1) => Spec.Model switch
    {
        PairwiseModelSpec a => new PairwiseDrift(a, threads),
        PressureModelSpec { Drift.Method: PressureDriftMethod.Pairwise } b => new PressurePairwiseDrift(b, _pressureTable),
        PressureModelSpec b => new PressureGridDrift(b, b.Drift.GridResolution, threads),
        _ => throw new InvalidOperationException("unknown model"),
    };

    /// <summary>The initial points of a realisation, drawn from its own noise stream.</summary>
    internal ParticleVectors InitialPositions(RealisationSeed seed)
    {
        var noise = new NoiseStream(seed.MasterSeed, seed.Index);
        var positions = new ParticleVectors(Dimension, Counts);
        Span<double> x = stackalloc double[Dimension];
        for (int k = 0; k < Counts.Count; k++)
        for (int p = 0; p < Counts[k]; p++)
        {
            _initial[k].Sample(noise, k, p, x);
            for (int a = 0; a < Dimension; a++) positions.Axis[a][positions.Offset(k) + p] = x[a];
        }
        return positions;
    }

    /// <summary>Runs one realisation of the spec's particle system.</summary>
    public RealisationResult Run(RealisationSeed seed, RunOptions? options = null)
    {
        options ??= new RunOptions();
        var observer = new RealisationObserver(this, options);
        var coupled = RunCoupled(seed, [CreateDrift(options.Threads)], observer, options.Threads, options.Cancellation, options.Progress);
        if (coupled.Failure is { } failure) return RealisationResult.Failed(seed, failure);
        return new RealisationResult(seed, StateChecksum.Compute(coupled.FinalStates[0]), observer.Snapshots, null);
    }

    /// <summary>
    /// Runs several processes from the same initial points with the same Brownian increments, each
    /// with its own drift (e.g. the particle system and a PDE-driven limit process).
    /// </summary>
    internal CoupledRun RunCoupled(RealisationSeed seed, IReadOnlyList<IDriftField> drifts, IStepObserver observer, int threads = 1,
        CancellationToken cancellation = default, StepCounter? progress = null)
    {
        if (progress is not null) progress.Total = Steps;
        var initial = InitialPositions(seed);
        var states = drifts.Select((_, p) => p == 0 ? initial : initial.Clone()).ToArray();
        var integrator = new EulerMaruyama(Dimension, Counts, Dt, _sigma, drifts.Count, threads);
        var failure = integrator.Run(drifts, states, new NoiseStream(seed.MasterSeed, seed.Index), Steps, observer, cancellation, progress);
        return new CoupledRun(states, failure);
    }

    /// <summary>Records observables at the output steps and the trajectory the options ask for.</summary>
    private sealed class RealisationObserver(Simulator simulator, RunOptions options) : IStepObserver
    {
        private readonly ObservableCalculator _calculator = new(simulator.Spec.Observables ?? new ObservablesSpec(), simulator.Dimension,
            simulator.Counts.Min());
        private readonly TrajectoryCsvWriter? _trajectory = options is { Trajectory: not TrajectoryRecording.None, TrajectoryWriter: { } w }
            ? new TrajectoryCsvWriter(w, simulator.Dimension)
            : null;

        public List<ObservableSnapshot> Snapshots { get; } = [];

        public bool Wants(int step) =>
            IsOutput(step) || (_trajectory is not null && options.Trajectory == TrajectoryRecording.EveryStep);

        public void Observe(int step, double time, int process, ParticleVectors positions)
        {
            if (IsOutput(step)) Snapshots.Add(_calculator.Snapshot(step, time, positions));
            _trajectory?.Write(step, time, positions);
        }

        private bool IsOutput(int step) => Array.BinarySearch(simulator._outputSteps, step) >= 0;
    }
}

/// <summary>Final states of coupled processes (in drift order) and the failure, if any.</summary>
internal sealed record CoupledRun(IReadOnlyList<ParticleVectors> FinalStates, RealisationFailure? Failure);
