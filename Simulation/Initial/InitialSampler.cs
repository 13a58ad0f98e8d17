using Ensemble.Simulation.Random;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Initial;

/// <summary>
/// Draws a particle's initial position from an <see cref="InitialDistribution"/> using only the
/// realisation's <see cref="NoiseStream"/> at addresses of its own, so initial points are as
/// reproducible as the noise.
/// </summary>
internal abstract class InitialSampler
{
    public static InitialSampler Create(InitialDistribution distribution) => Create(distribution, depth: 0);

    private static InitialSampler Create(InitialDistribution distribution, uint depth) => distribution switch
    {
        GaussianDistribution g => new GaussianSampler(g),
        UniformBoxDistribution u => new UniformBoxSampler(u),
        MixtureDistribution m => new MixtureSampler(m, depth),
        _ => throw new ArgumentException($"unknown initial distribution {distribution.GetType().Name}", nameof(distribution)),
    };

    public abstract void Sample(NoiseStream noise, int species, int particle, Span<double> position);

    private sealed class GaussianSampler : InitialSampler
    {
        private readonly double[] _mean;
        private readonly double[,] _lower;

        public GaussianSampler(GaussianDistribution g)
        {
            _mean = g.Mean.ToArray();
            if (!CholeskyFactor.TryCompute(g.Covariance, out _lower))
                throw new ArgumentException("covariance is not positive definite", nameof(g));
        }

        public override void Sample(NoiseStream noise, int species, int particle, Span<double> position)
        {
            Span<double> z = stackalloc double[position.Length];
            noise.Gaussian(NoisePurpose.InitialPosition, 0, species, particle, z);
            for (int a = 0; a < position.Length; a++)
            {
                double sum = _mean[a];
                for (int b = 0; b <= a; b++) sum += _lower[a, b] * z[b];
                position[a] = sum;
            }
        }
    }

    private sealed class UniformBoxSampler(UniformBoxDistribution u) : InitialSampler
    {
        private readonly double[] _lower = u.Lower.ToArray();
        private readonly double[] _upper = u.Upper.ToArray();

        public override void Sample(NoiseStream noise, int species, int particle, Span<double> position)
        {
            noise.Uniforms(NoisePurpose.InitialPosition, 0, species, particle, position);
            for (int a = 0; a < position.Length; a++)
                position[a] = _lower[a] + (_upper[a] - _lower[a]) * position[a];
        }
    }

    /// <summary>
    /// Picks a component by inverse CDF on one uniform, then samples it. The choice is drawn at
    /// "step" = nesting depth so nested mixtures choose independently of their parents.
    /// </summary>
    private sealed class MixtureSampler : InitialSampler
    {
        private readonly double[] _cumulative;
        private readonly InitialSampler[] _components;
        private readonly uint _depth;

        public MixtureSampler(MixtureDistribution m, uint depth)
        {
            _depth = depth;
            _components = m.Components.Select(c => Create(c.Distribution, depth + 1)).ToArray();
            double total = m.Components.Sum(c => c.Weight);
            _cumulative = new double[m.Components.Count];
            double running = 0.0;
            for (int c = 0; c < _cumulative.Length; c++)
            {
                running += m.Components[c].Weight;
                _cumulative[c] = running / total;
            }
        }

        public override void Sample(NoiseStream noise, int species, int particle, Span<double> position)
        {
            double u = noise.Uniform(NoisePurpose.MixtureComponent, _depth, species, particle, 0);
            int chosen = 0;
            while (chosen < _cumulative.Length - 1 && u >= _cumulative[chosen]) chosen++;
            _components[chosen].Sample(noise, species, particle, position);
        }
    }
}
