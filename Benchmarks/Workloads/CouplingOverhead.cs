using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Coupling;
using Ensemble.Simulation.Specs;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// The cost of coupled limit processes (issue 12's target: a coupled realisation at most 1.5x the particle system
/// alone): W1 with the particle system alone, with one limit process and with two (intermediate and limit), and W2
/// alone and with its nonlinear process; each coupled run tracks the coupling errors every step. The limit processes
/// read velocity frames of a hand-built solution (v = sum_j a_ij grad u_j for Gaussian u_j, one distinct frame per
/// step on the grid given by --h, prepared as a <see cref="VelocityLattice"/> once), so the figure is the coupling's cost,
/// not the PDE solver's (solved once per job). "+1 zero drift" is an extra process whose drift is zero: the integrator's
/// and tracker's share of the cost.
/// Variants alternate within each round, after a warm-up; medians are reported.
/// </summary>
public static class CouplingOverhead
{
    public static Command Command()
    {
        var repetitions = new Option<int>("--repetitions") { Description = "timed rounds; medians are reported", DefaultValueFactory = _ => 7 };
        // The PDE solver's default cell sizes (LimitGrid.DefaultCellSize): W1 0.5 / 25, W2 0.3 / 60.
        var w1Spacing = new Option<double>("--w1-h") { Description = "W1's grid spacing on [-3, 3]^2", DefaultValueFactory = _ => 0.02 };
        var w2Spacing = new Option<double>("--w2-h") { Description = "W2's grid spacing on [-3, 3]", DefaultValueFactory = _ => 0.005 };
        var factor = new Option<int>("--max-factor")
        {
            Description = "largest subsampling of the grid (1: read every cell centre)", DefaultValueFactory = _ => VelocityLattice.MaxFactor,
        };
        var command = new Command("coupling", "W1 and W2 alone and with coupled limit processes (GridVelocityDrift + CouplingTracker): cost ratio")
        {
            repetitions, w1Spacing, w2Spacing, factor,
        };
        command.SetAction(r => Print(r.GetValue(repetitions), r.GetValue(w1Spacing), r.GetValue(w2Spacing), r.GetValue(factor)));
        return command;
    }

    private static void Print(int repetitions, double w1Spacing, double w2Spacing, int maxFactor)
    {
        var w1 = Simulator.Create(ReferenceWorkloads.W1());
        var limit = Lattice(w1, GaussianSolution(w1, w1Spacing, 1.0), maxFactor);
        var intermediate = Lattice(w1, GaussianSolution(w1, w1Spacing, 0.9), maxFactor);
        Report("W1", Measure(w1, repetitions, ("alone", []), ("+1 process", [limit]), ("+2 processes", [limit, intermediate]),
            ("+1 zero drift", [null])));
        Parts("W1", w1, limit);

        var w2 = Simulator.Create(ReferenceWorkloads.W2());
        var nonlinear = Lattice(w2, GaussianSolution(w2, w2Spacing, 1.0), maxFactor);
        Report("W2", Measure(w2, repetitions, ("alone", []), ("+1 process", [nonlinear])));
        Parts("W2", w2, nonlinear);
    }

    private static VelocityLattice Lattice(Simulator simulator, LimitSolution solution, int maxFactor)
    {
        var clock = Stopwatch.StartNew();
        var lattice = VelocityLattice.Prepare(solution, simulator.Dt, maxFactor: maxFactor);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lattice: h = {solution.Grid.Spacing} ({string.Join(" x ", solution.Grid.Cells)} cells, {solution.Velocities!.Count} frames), " +
            $"every {lattice.Factor}-th centre kept, subsampling error {lattice.SubsamplingError:E2} of max |v|, " +
            $"prepared in {clock.Elapsed.TotalSeconds:F2} s"));
        return lattice;
    }

    private static void Report(string workload, IReadOnlyList<(string Name, double Seconds)> times)
    {
        double alone = times[0].Seconds;
        foreach (var (name, seconds) in times)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{workload} {name,-13} median realisation {seconds * 1e3,8:F1} ms  ratio {seconds / alone:F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workload}-coupled {string.Join(" ", times.Skip(1).Select((t, i) => $"ratio{i + 1}={t.Seconds / alone:F3}"))}"));
    }

    /// <summary>
    /// Where a coupled step's time goes, per particle-step on the initial cloud: the particle drift, the limit drift (cycling
    /// through the distinct frames, as a run does) and the tracker's update for one process.
    /// </summary>
    private static void Parts(string workload, Simulator simulator, VelocityLattice lattice)
    {
        var positions = simulator.InitialPositions(new RealisationSeed(1, 0));
        var drift = new ParticleVectors(simulator.Dimension, simulator.Counts);
        var particle = simulator.CreateDrift();
        var limit = new GridVelocityDrift(lattice, simulator.Dt);
        var tracker = new CouplingTracker(simulator.Dimension, simulator.Counts, [new CouplingMeasure(1, CouplingKind.SupSquareAveraged)]);
        int steps = simulator.Steps;
        double perParticleStep = 1e9 / ((double)positions.Total * steps);
        // The fastest of seven passes over the steps: on a shared machine the minimum is the part's own cost.
        double Time(Action<int> action)
        {
            for (int n = 0; n < steps; n++) action(n);
            double best = double.PositiveInfinity;
            for (int pass = 0; pass < 7; pass++)
            {
                var clock = Stopwatch.StartNew();
                for (int n = 0; n < steps; n++) action(n);
                best = Math.Min(best, clock.Elapsed.TotalSeconds * perParticleStep);
            }
            return best;
        }
        double particleNs = Time(n => particle.Evaluate(positions, n * simulator.Dt, drift));
        double limitNs = Time(n => limit.Evaluate(positions, n * simulator.Dt, drift));
        double warmNs = Time(n => limit.Evaluate(positions, 0.0, drift));
        var tiny = new GridVelocityDrift(GaussianSolution(simulator, 6.0 / 32, 1.0), simulator.Dt);
        double tinyNs = Time(n => tiny.Evaluate(positions, 0.0, drift));
        double trackerNs = Time(n =>
        {
            if (n == 0) tracker.Reset();
            tracker.Observe(n, 0, 0, positions);
            tracker.Observe(n, 0, 1, positions);
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workload} per particle-step: particle drift {particleNs:F1} ns, limit drift {limitNs:F1} ns " +
            $"(one frame: {warmNs:F1} ns, a 32^d lattice: {tinyNs:F1} ns), tracker {trackerNs:F1} ns"));
    }

    /// <summary>Median seconds per realisation of each variant: the particle drift plus one GridVelocityDrift per solution listed.</summary>
    private static (string Name, double Seconds)[] Measure(Simulator simulator, int repetitions, params (string Name, VelocityLattice?[] Coupled)[] variants)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 2.0)
            foreach (var v in variants) Realise(simulator, v.Coupled, 0);
        var seconds = variants.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < repetitions; r++)
        for (int v = 0; v < variants.Length; v++)
        {
            var clock = Stopwatch.StartNew();
            Realise(simulator, variants[v].Coupled, (uint)r + 1);
            seconds[v].Add(clock.Elapsed.TotalSeconds);
        }
        return variants.Select((v, i) => (v.Name, seconds[i].Order().ElementAt(repetitions / 2))).ToArray();
    }

    /// <summary>One realisation as a coupled job runs it: drifts and tracker built per realisation, errors recorded at the output steps.</summary>
    private static void Realise(Simulator simulator, VelocityLattice?[] coupled, uint index)
    {
        var seed = new RealisationSeed(1, index);
        var drifts = new List<IDriftField> { simulator.CreateDrift() };
        drifts.AddRange(coupled.Select(s => s is null ? (IDriftField)new ZeroDrift() : new GridVelocityDrift(s, simulator.Dt)));
        IStepObserver observer = new Silent();
        if (coupled.Length > 0)
        {
            var kind = simulator.Spec.Model is PairwiseModelSpec ? CouplingKind.SupMaxAbs : CouplingKind.SupSquareAveraged;
            var measures = Enumerable.Range(1, coupled.Length).Select(p => new CouplingMeasure(p, kind)).ToList();
            if (coupled.Length > 1) measures.Add(new CouplingMeasure(1, CouplingKind.SupMaxSquare));
            observer = new CouplingRecorder(observer, new CouplingTracker(simulator.Dimension, simulator.Counts, measures), simulator.OutputSteps,
                drifts.Count);
        }
        var run = simulator.RunCoupled(seed, drifts, observer);
        if (run.Failure is { } failure) throw new InvalidOperationException(failure.Reason);
    }

    /// <summary>
    /// Frames of v_i = sum_j a_ij grad u_j, u_j = N(initial mean_j, initial variance) on [-3, 3]^d, one copy per step (distinct
    /// memory, as a solver's frames would be).
    /// </summary>
    private static LimitSolution GaussianSolution(Simulator simulator, double h, double strength)
    {
        int d = simulator.Dimension, cells = (int)Math.Round(6.0 / h), species = simulator.Counts.Count;
        var grid = new UniformGrid(Enumerable.Repeat(-3.0, d).ToArray(), Enumerable.Repeat(cells, d).ToArray(), 6.0 / cells);
        var distributions = simulator.Spec.Model.AllSpecies().Select(s => (GaussianDistribution)s.Initial).ToArray();
        double[][] a = simulator.Spec.Model is PairwiseModelSpec pairwise
            ? pairwise.Interaction.Select(row => row.ToArray()).ToArray()
            : Enumerable.Range(0, species).Select(_ => Enumerable.Repeat(1.0, species).ToArray()).ToArray();
        var first = new double[species][][];
        var x = new double[d];
        for (int i = 0; i < species; i++)
        {
            first[i] = Enumerable.Range(0, d).Select(_ => new double[grid.CellCount]).ToArray();
            for (int c = 0; c < grid.CellCount; c++)
            {
                for (int b = 0; b < d; b++) x[b] = grid.Centre(b, grid.IndexOn(c, b));
                for (int j = 0; j < species; j++)
                {
                    double s2 = distributions[j].Covariance[0][0], r2 = 0.0;
                    for (int b = 0; b < d; b++) r2 += (x[b] - distributions[j].Mean[b]) * (x[b] - distributions[j].Mean[b]);
                    double u = Math.Exp(-r2 / (2 * s2)) / Math.Pow(2 * Math.PI * s2, d / 2.0);
                    for (int b = 0; b < d; b++) first[i][b][c] += -strength * a[i][j] * u * (x[b] - distributions[j].Mean[b]) / s2;
                }
            }
        }
        var frames = Enumerable.Range(0, simulator.Steps)
            .Select(n => new VelocityFrame(n * simulator.Dt, first.Select(axes => axes.Select(v => (double[])v.Clone()).ToArray()).ToArray()))
            .ToArray();
        var density = Enumerable.Range(0, species).Select(_ => new double[grid.CellCount]).ToArray();
        var diagnostics = new LimitDiagnostics
        {
            Steps = 0, TimeStep = simulator.Dt, Convolution = "none", MassDrift = 0, MassAtBoundary = 0, MinimumDensity = 0, ElapsedSeconds = 0,
        };
        return new LimitSolution(LimitEquation.Local, grid, [new LimitSnapshot(0, 0.0, density)], frames, diagnostics);
    }

    private sealed class ZeroDrift : IDriftField
    {
        public void Evaluate(ParticleVectors positions, double time, ParticleVectors drift)
        {
            for (int a = 0; a < drift.Dimension; a++) Array.Clear(drift.Axis[a]);
        }
    }

    private sealed class Silent : IStepObserver
    {
        public bool Wants(int step) => false;
        public void Observe(int step, double time, int process, ParticleVectors positions) { }
    }
}
