namespace Ensemble.Simulation.Random;

/// <summary>Vector draws built on <see cref="NoiseStream"/>'s single-block ones.</summary>
public static class NoiseStreamUniforms
{
    /// <summary>Fills one uniform in [0, 1) per entry; each entry uses its own block.</summary>
    public static void Uniforms(this NoiseStream noise, NoisePurpose purpose, uint step, int species, int particle, Span<double> into)
    {
        for (int a = 0; a < into.Length; a++) into[a] = noise.Uniform(purpose, step, species, particle, a);
    }
}
