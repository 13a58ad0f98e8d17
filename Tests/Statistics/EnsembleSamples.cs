using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;

namespace Ensemble.Tests.Statistics;

/// <summary>Small ensembles for the statistics tests: every kind of observable, a few dozen realisations.</summary>
internal static class EnsembleSamples
{
    public const double Dt = 1e-3;

    public static readonly ObservablesSpec Everything = new()
    {
        Histogram = new HistogramSpec { Lower = [-1.5, -1.0], Upper = [1.5, 1.0], Bins = [3, 2] },
        TestFunctions =
        [
            new CosineMode { Wavevector = [2.0, 1.0] },
            new SineMode { Wavevector = [2.0, 1.0] },
            new GaussianBump { Centre = [0.0, 0.0], Width = 0.5 },
        ],
    };

    /// <summary>Two interacting species of <paramref name="particles"/> in 2D, observed at steps 0, 5 and 10.</summary>
    public static SimulationSpec Interacting(int particles = 12, ObservablesSpec? observables = null) =>
        AtThreeTimes(TestSpecs.Pairwise(2, particles, [[1.0, 0.5], [0.5, 1.0]], eta: 0.3, dt: Dt, steps: 10, observables: observables ?? Everything));

    /// <summary>Two species of independent Brownian particles (a = 0): X_t ~ N(m_k, (0.25 + 2 sigma t) I).</summary>
    public static SimulationSpec Free(int particles, ObservablesSpec? observables = null) =>
        AtThreeTimes(TestSpecs.Pairwise(2, particles, TestSpecs.Matrix(2, 0.0), dt: Dt, steps: 10, observables: observables ?? Everything));

    public static RealisationResult[] Run(SimulationSpec spec, int realisations, ulong seed)
    {
        var simulator = Simulator.Create(spec);
        return Enumerable.Range(0, realisations).Select(i => simulator.Run(new RealisationSeed(seed, (uint)i))).ToArray();
    }

    private static SimulationSpec AtThreeTimes(SimulationSpec spec) =>
        SpecValidator.Validate(spec with { Time = spec.Time with { OutputTimes = [0.0, 5 * Dt, 10 * Dt] } });
}
