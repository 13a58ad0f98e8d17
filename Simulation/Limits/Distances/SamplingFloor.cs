using Ensemble.Simulation.Random;

namespace Ensemble.Simulation.Limits.Distances;

/// <summary>
/// The per-realisation sampling floor: the same distance as the particles', computed on N draws from the PDE
/// density (<see cref="LimitSampler"/>) instead, addressed by (output step, species, draw) in the realisation's
/// noise. Aggregated over realisations like the particle distance, it is the expected distance of N independent
/// samples of the PDE (~ c N^-1/2 in 1D, c = int sqrt(2 F (1 - F) / pi) dx), the distance sampling alone explains.
/// </summary>
internal static class SamplingFloor
{
    /// <summary>W1 and W2 in 1D of <paramref name="count"/> draws against the density they are drawn from.</summary>
    public static (double W1, double W2) In1D(LimitSampler sampler, LineDensity density, in NoiseStream noise, uint step, int species, int count)
    {
        if (sampler.Dimension != 1) throw new ArgumentException($"a 1D sampler, found {sampler.Dimension}D", nameof(sampler));
        var x = new double[count];
        sampler.Fill(noise, step, species, x);
        Array.Sort(x);
        return Wasserstein1D.Between(x, density);
    }

    /// <summary>Sliced W1 in 2D or 3D of <paramref name="count"/> draws against the density they are drawn from.</summary>
    public static double Sliced(LimitSampler sampler, SlicedWasserstein sliced, in NoiseStream noise, uint step, int species, int count)
    {
        if (sampler.Dimension != sliced.Dimension) throw new ArgumentException($"a {sliced.Dimension}D sampler, found {sampler.Dimension}D", nameof(sampler));
        var x = new double[count];
        var y = new double[count];
        if (sampler.Dimension == 2)
        {
            sampler.Fill(noise, step, species, x, y);
            return sliced.W1(x, y);
        }
        var z = new double[count];
        sampler.Fill(noise, step, species, x, y, z);
        return sliced.W1(x, y, z);
    }
}
