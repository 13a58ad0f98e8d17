using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Limits.Distances;
using Ensemble.Simulation.Observables;
using Ensemble.Simulation.Random;
using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Simulation.Limits;

/// <summary>
/// Compares one realisation's particle cloud with the solved limits at an output time: the values
/// of <see cref="LimitLayout"/>'s per-species part. Everything that depends on the PDE alone (its
/// moments, test-function integrals, CDFs) is prepared once here and shared by every realisation;
/// what depends on the particles is computed per call. Thread-safe: it only reads after construction.
/// </summary>
internal sealed class LimitComparison
{
    private readonly LimitLayout _layout;
    private readonly int _dimension;
    private readonly int[] _outputSteps;
    private readonly PreparedLimit[][][] _prepared;   // [equation][output time][species]
    private readonly PairHistogram? _pair;

    public LimitComparison(SimulationSpec spec, LimitSet limits)
    {
        _layout = new LimitLayout(spec);
        _dimension = spec.Model.Dimension;
        _outputSteps = spec.Time.OutputSteps();
        _pair = spec.Limit?.PairHistogram is { } pair ? new PairHistogram(pair) : null;
        var functions = spec.Observables?.TestFunctions ?? [];
        int species = spec.Model.AllSpecies().Count;
        _prepared = _layout.Equations.Select(equation =>
        {
            var solution = limits.Of(equation) ?? throw new ArgumentException(
                $"the spec's limit asks for the {LimitLayout.Name(equation)} equation, which is not among the solutions", nameof(limits));
            return _outputSteps.Select(step => Enumerable.Range(0, species)
                .Select(k => PreparedLimit.Of(solution.Grid, solution.At(step).Density[k], functions, spec.Observables?.Histogram))
                .ToArray()).ToArray();
        }).ToArray();
    }

    /// <summary>Values per species in <see cref="LimitLayout.SpeciesNames"/> order.</summary>
    public int Width => _layout.SpeciesNames.Count;

    /// <summary>
    /// The per-species limit values of species <paramref name="species"/> at output step <paramref name="step"/>:
    /// weak errors, distances and their sampling floors, the tagged pair's one-hot joint bin.
    /// </summary>
    public double[] Values(int step, ParticleVectors positions, int species, SpeciesObservables particles, NoiseStream noise)
    {
        int time = Array.BinarySearch(_outputSteps, step);
        if (time < 0) throw new ArgumentOutOfRangeException(nameof(step), $"step {step} is not an output step");
        var values = new double[Width];
        int d = _dimension, i = 0;
        for (int e = 0; e < _prepared.Length; e++)
        {
            var reference = _prepared[e][time][species].Reference;
            for (int a = 0; a < d; a++) values[i++] = particles.Mean[a] - reference.Moments.Mean[a];
            for (int c = 0; c < particles.Covariance.Length; c++) values[i++] = particles.Covariance[c] - reference.Moments.Covariance[c];
            for (int q = 0; q < particles.TestFunctionAverages.Length; q++)
                values[i++] = particles.TestFunctionAverages[q] - reference.TestFunctionIntegrals[q];
        }
        for (int e = 0; e < _prepared.Length; e++)
        {
            var distances = _prepared[e][time][species].Distances(positions, species, noise, (uint)step);
            distances.CopyTo(values.AsSpan(i));
            i += distances.Length;
        }
        if (_pair is not null)
        {
            _pair.OneHot(particles.TaggedPositions[0][0], particles.TaggedPositions[1][0], values.AsSpan(i, _pair.Slots));
            i += _pair.Slots;
        }
        for (int e = 0; e < _prepared.Length; e++)
        {
            var bins = _prepared[e][time][species].HistogramBins;
            bins.CopyTo(values.AsSpan(i));
            i += bins.Length;
        }
        if (i != Width) throw new InvalidOperationException($"limit values: wrote {i}, the layout has {Width}");
        return values;
    }
}
