using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Initial;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Coupling;
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
    private readonly LimitComparison? _comparison;
    private readonly CouplingMeasure[] _couplingMeasures;
    private readonly VelocityLattice[] _lattices;

    private Simulator(SimulationSpec spec, LimitSet limits)
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
        Limits = limits;
        Coupled = spec.Limit?.Coupled.ToArray() ?? [];
        _couplingMeasures = CouplingMeasures(Coupled);
        // Prepared once (the velocity frames on a lattice every realisation shares), not per realisation.
        _lattices = Coupled.Select(process => VelocityLattice.Prepare(DrivingSolution(process), Dt)).ToArray();
        if (spec.Limit is not null) _comparison = new LimitComparison(spec, limits);
    }

    /// <summary>
    /// Validates the spec (throwing <see cref="SpecValidationException"/>) and prepares it, solving the
    /// PDEs of its limit section if it has one (throwing <see cref="LimitFailureException"/> if one cannot be solved).
    /// </summary>
    public static Simulator Create(SimulationSpec spec)
    {
        var validated = SpecValidator.Validate(spec);
        return new Simulator(validated, LimitSet.Solve(validated));
    }

    /// <summary>Prepares a spec with its limits already solved (a silo solves them once and shares them among realisations).</summary>
    public static Simulator Create(SimulationSpec spec, LimitSet limits) => new(SpecValidator.Validate(spec), limits);

    /// <summary>The solved PDEs of the spec's limit section (none without one).</summary>
    public LimitSet Limits { get; }

    /// <summary>The limit processes run beside the particle system, in the order of their drifts 1, 2, …</summary>
    public IReadOnlyList<CoupledProcess> Coupled { get; }

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

    /// <summary>
    /// Runs one realisation of the spec's particle system, with the limit processes of its limit section
    /// coupled to it (same initial points, same Brownian increments). The checksum covers the particle
    /// system's final state, then each coupled process's, so a rerun verifies all of them.
    /// </summary>
    public RealisationResult Run(RealisationSeed seed, RunOptions? options = null)
    {
        options ??= new RunOptions();
        var observer = new RealisationObserver(this, options, seed);
        var drifts = new List<IDriftField> { CreateDrift(options.Threads) };
        foreach (var lattice in _lattices) drifts.Add(new GridVelocityDrift(lattice, Dt, options.Threads));
        IStepObserver watcher = observer;
        CouplingRecorder? recorder = null;
        if (_couplingMeasures.Length > 0)
        {
            var tracker = new CouplingTracker(Dimension, Counts, _couplingMeasures);
            watcher = recorder = new CouplingRecorder(observer, tracker, _outputSteps, drifts.Count);
        }
        var coupled = RunCoupled(seed, drifts, watcher, options.Threads, options.Cancellation, options.Progress);
        if (coupled.Failure is { } failure) return RealisationResult.Failed(seed, failure);
        var snapshots = recorder is null
            ? observer.Snapshots
            : observer.Snapshots.Select((snapshot, t) => snapshot with { JointValues = recorder.Recorded[t].Values }).ToList();
        ulong checksum = Coupled.Count == 0 ? StateChecksum.Compute(coupled.FinalStates[0]) : StateChecksum.Compute(coupled.FinalStates);
        return new RealisationResult(seed, checksum, snapshots, null);
    }

    private LimitSolution DrivingSolution(CoupledProcess process) =>
        Limits.Of(LimitSet.DrivingEquation(process)) ?? throw new InvalidOperationException(
            $"the coupled process {process} needs the {LimitSet.DrivingEquation(process)} solution, which was not solved");

    /// <summary>The coupling errors, in <see cref="Statistics.LimitLayout"/>'s joint order: process p + 1 is coupled process p.</summary>
    private static CouplingMeasure[] CouplingMeasures(IReadOnlyList<CoupledProcess> coupled)
    {
        var measures = new List<CouplingMeasure>();
        for (int p = 0; p < coupled.Count; p++)
        {
            switch (coupled[p])
            {
                case CoupledProcess.Intermediate:
                    measures.Add(new CouplingMeasure(p + 1, CouplingKind.SupMaxAbs));
                    measures.Add(new CouplingMeasure(p + 1, CouplingKind.SupMaxSquare));
                    break;
                case CoupledProcess.Limit: measures.Add(new CouplingMeasure(p + 1, CouplingKind.SupMaxAbs)); break;
                case CoupledProcess.Nonlinear: measures.Add(new CouplingMeasure(p + 1, CouplingKind.SupSquareAveraged)); break;
            }
        }
        return measures.ToArray();
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
    private sealed class RealisationObserver(Simulator simulator, RunOptions options, RealisationSeed seed) : IStepObserver
    {
        private readonly ObservableCalculator _calculator = new(simulator.Spec.Observables ?? new ObservablesSpec(), simulator.Dimension,
            simulator.Counts.Min());
        private readonly TrajectoryCsvWriter? _trajectory = options is { Trajectory: not TrajectoryRecording.None, TrajectoryWriter: { } w }
            ? new TrajectoryCsvWriter(w, simulator.Dimension, simulator.Coupled.Count == 0 ? null : ProcessNames(simulator.Coupled))
            : null;
        private readonly NoiseStream _limitNoise = new(seed.MasterSeed, seed.Index);

        public List<ObservableSnapshot> Snapshots { get; } = [];

        public bool Wants(int step) =>
            IsOutput(step) || (_trajectory is not null && options.Trajectory == TrajectoryRecording.EveryStep);

        public void Observe(int step, double time, int process, ParticleVectors positions)
        {
            if (process == 0 && IsOutput(step)) Snapshots.Add(Snapshot(step, time, positions));
            _trajectory?.Write(step, time, positions, process);
        }

        private ObservableSnapshot Snapshot(int step, double time, ParticleVectors positions)
        {
            var snapshot = _calculator.Snapshot(step, time, positions);
            if (simulator._comparison is not { } comparison) return snapshot;
            var species = snapshot.Species
                .Select((s, k) => s with { LimitValues = comparison.Values(step, positions, k, s, _limitNoise) })
                .ToArray();
            return snapshot with { Species = species };
        }

        private static string[] ProcessNames(IReadOnlyList<CoupledProcess> coupled) =>
            ["particles", .. coupled.Select(Statistics.LimitLayout.Name)];

        private bool IsOutput(int step) => Array.BinarySearch(simulator._outputSteps, step) >= 0;
    }
}

/// <summary>Final states of coupled processes (in drift order) and the failure, if any.</summary>
internal sealed record CoupledRun(IReadOnlyList<ParticleVectors> FinalStates, RealisationFailure? Failure);
