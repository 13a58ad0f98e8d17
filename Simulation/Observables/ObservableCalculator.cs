using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Observables;

/// <summary>
/// Computes <see cref="SpeciesObservables"/> from positions: two passes (mean, then central sums)
/// so variances do not suffer the cancellation of the one-pass formula.
/// </summary>
internal sealed class ObservableCalculator(ObservablesSpec spec, int dimension, int fewestParticles)
{
    private readonly Histogram? _histogram = spec.Histogram is null ? null : new Histogram(spec.Histogram);
    private readonly IReadOnlyList<int> _tagged = spec.TaggedParticlesFor(fewestParticles);
    private readonly IReadOnlyList<TestFunctionSpec> _functions = spec.TestFunctions ?? [];

    public ObservableSnapshot Snapshot(int step, double time, ParticleVectors positions) =>
        new(step, time, Enumerable.Range(0, positions.SpeciesCount).Select(k => Species(positions, k)).ToArray());

    public SpeciesObservables Species(ParticleVectors positions, int species)
    {
        int d = dimension, n = positions.Counts[species];
        var mean = new double[d];
        for (int a = 0; a < d; a++)
        {
            double sum = 0.0;
            foreach (double v in positions.Of(species, a)) sum += v;
            mean[a] = sum / n;
        }
        var covariance = new double[d * (d + 1) / 2];
        var third = new double[d];
        var fourth = new double[d];
        int entry = 0;
        for (int a = 0; a < d; a++)
        {
            ReadOnlySpan<double> xa = positions.Of(species, a);
            for (int b = a; b < d; b++)
            {
                ReadOnlySpan<double> xb = positions.Of(species, b);
                double sum = 0.0;
                for (int p = 0; p < n; p++) sum += (xa[p] - mean[a]) * (xb[p] - mean[b]);
                covariance[entry++] = sum / n;
            }
            double s3 = 0.0, s4 = 0.0;
            foreach (double v in xa)
            {
                double c = v - mean[a], c2 = c * c;
                s3 += c2 * c;
                s4 += c2 * c2;
            }
            third[a] = s3 / n;
            fourth[a] = s4 / n;
        }

        var tagged = new double[_tagged.Count][];
        for (int i = 0; i < tagged.Length; i++)
        {
            tagged[i] = new double[d];
            positions.Get(species, _tagged[i], tagged[i]);
        }

        var averages = new double[_functions.Count];
        Span<double> x = stackalloc double[d];
        if (averages.Length > 0)
        {
            for (int p = 0; p < n; p++)
            {
                positions.Get(species, p, x);
                for (int q = 0; q < averages.Length; q++) averages[q] += _functions[q].Evaluate(x);
            }
            for (int q = 0; q < averages.Length; q++) averages[q] /= n;
        }

        double[]? density = null;
        double outside = 0.0;
        if (_histogram is not null) (density, outside) = _histogram.Density(positions, species);

        return new SpeciesObservables(mean, covariance, third, fourth, density, outside, tagged, averages);
    }
}
