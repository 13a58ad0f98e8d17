using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Observables;

/// <summary>
/// The empirical density on a regular grid of bins over [lower, upper] (upper edge included in the
/// last bin): fraction of the species' particles in each bin divided by the bin volume, flattened
/// with x fastest. Particles outside the box are counted in a separate fraction, not dropped silently.
/// </summary>
internal sealed class Histogram
{
    private readonly double[] _lower;
    private readonly double[] _inverseWidth;
    private readonly int[] _bins;
    private readonly double _binVolume;

    public Histogram(HistogramSpec spec)
    {
        _lower = spec.Lower.ToArray();
        _bins = spec.Bins.ToArray();
        _inverseWidth = new double[_bins.Length];
        _binVolume = 1.0;
        for (int a = 0; a < _bins.Length; a++)
        {
            double width = (spec.Upper[a] - spec.Lower[a]) / _bins[a];
            _inverseWidth[a] = 1.0 / width;
            _binVolume *= width;
        }
        BinCount = _bins.Aggregate(1, (p, b) => p * b);
    }

    public int BinCount { get; }

    public (double[] Density, double OutsideFraction) Density(ParticleVectors positions, int species)
    {
        int n = positions.Counts[species], d = _bins.Length;
        var counts = new double[BinCount];
        int outside = 0;
        for (int p = 0; p < n; p++)
        {
            int bin = 0, stride = 1;
            bool inside = true;
            for (int a = 0; a < d; a++)
            {
                double u = (positions.Of(species, a)[p] - _lower[a]) * _inverseWidth[a];
                int b = u == _bins[a] ? _bins[a] - 1 : (int)Math.Floor(u);
                if (u < 0 || b >= _bins[a]) { inside = false; break; }
                bin += b * stride;
                stride *= _bins[a];
            }
            if (inside) counts[bin] += 1.0;
            else outside++;
        }
        double scale = 1.0 / (n * _binVolume);
        for (int i = 0; i < counts.Length; i++) counts[i] *= scale;
        return (counts, (double)outside / n);
    }
}
