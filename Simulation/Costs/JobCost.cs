using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Simulation.Costs;

/// <summary>
/// What a job will need, computed from its (validated) spec and R alone, before anything is
/// allocated: every figure is 64-bit arithmetic on the spec's numbers, so even a spec whose
/// accumulator could never be built is costed in microseconds.
/// </summary>
/// <param name="AccumulatorValues">
/// Scalars per realisation: (output times x species) blocks of mean, covariance, moments, histogram bins, tagged positions and test functions.
/// </param>
/// <param name="RealisationBytes">Working memory of one realisation on one worker (see <see cref="Of"/> for what is counted).</param>
/// <param name="ParticleStepsPerRealisation">Sum over species of N x steps.</param>
/// <param name="Realisations">R.</param>
public sealed record JobCost(long AccumulatorValues, long RealisationBytes, long ParticleStepsPerRealisation, long Realisations)
{
    /// <summary>
    /// Particle-steps per second per core assumed for the time figure: the order of the README's
    /// W1 and W2 benchmarks on the reference machine (1.2e7 and 3e6), not a measurement of this one.
    /// </summary>
    public const double NominalParticleStepsPerSecond = 5e6;

    /// <summary>Bytes the coordinator's accumulator keeps per value (two exact sums, minimum and maximum).</summary>
    public const long AccumulatorBytesPerValue = 256;

    /// <summary>Particle-steps of the whole job (saturates instead of overflowing).</summary>
    public double TotalParticleSteps => (double)ParticleStepsPerRealisation * Realisations;

    /// <summary>Seconds of one core per realisation at <see cref="NominalParticleStepsPerSecond"/>.</summary>
    public double NominalSecondsPerRealisation => ParticleStepsPerRealisation / NominalParticleStepsPerSecond;

    /// <summary>Memory of the job's accumulator on its coordinator.</summary>
    public long AccumulatorBytes => AccumulatorValues * AccumulatorBytesPerValue;

    /// <summary>
    /// The cost of <paramref name="realisations"/> realisations of <paramref name="spec"/>, which
    /// must have passed <see cref="SpecValidator"/>. Memory counts, per realisation: positions,
    /// noise and drift (N x d doubles each), the model's drift buffers (the pairwise cell list and
    /// per-species source weights; the pressure grid's per-particle stencil cache), the snapshots
    /// and the flattened report (a copy of the observables each).
    /// </summary>
    public static JobCost Of(SimulationSpec spec, long realisations)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var species = spec.Model.AllSpecies();
        long particles = species.Sum(s => (long)s.Particles);
        long d = spec.Model.Dimension;
        long steps = spec.Time.StepCount();
        long width = EnsembleLayout.WidthOf(spec);
        long vector = (particles + ParticleVectors.Padding) * d * sizeof(double);
        long bytes = 3 * vector + DriftBytes(spec.Model, particles, vector) + 2 * width * sizeof(double);
        return new JobCost(width, bytes, particles * steps, realisations);
    }

    private static long DriftBytes(ModelSpec model, long particles, long vector) => model switch
    {
        // Sorted copy of the positions, three int indices per particle, 4N cell starts, one weight
        // array per (target species, kernel shape in use) and the species-pair coefficients.
        PairwiseModelSpec pairwise => vector + 3 * 4 * particles + 4 * (4 * particles + 66)
            + pairwise.Species.Count * (long)ShapesUsed(pairwise) * (particles + ParticleVectors.Padding) * sizeof(double)
            + 2L * pairwise.Species.Count * pairwise.Species.Count * sizeof(double),
        // The grid's per-particle stencil cache ((2 eps / h + 1)^d mollifier values a particle, capped
        // at 2^22 doubles by the drift) and its start offsets; the grid itself follows the cloud.
        PressureModelSpec { Drift.Method: PressureDriftMethod.Grid } pressure =>
            Math.Min(particles * (long)Math.Pow(2 * pressure.Drift.GridResolution + 1, pressure.Dimension), 1L << 22) * sizeof(double)
            + 4 * particles,
        _ => vector,
    };

    private static int ShapesUsed(PairwiseModelSpec spec) => spec.Kernels is null ? 1 : spec.Kernels.SelectMany(r => r).Distinct().Count();
}
