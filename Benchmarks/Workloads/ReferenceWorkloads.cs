using Ensemble.Simulation.Specs;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>The reference workloads W1 (model A) and W2 (model B), read from examples/, with N per species overridable.</summary>
public static class ReferenceWorkloads
{
    public static SimulationSpec W1(int particlesPerSpecies = 1000) => WithParticles(Load("w1.json"), particlesPerSpecies);

    public static SimulationSpec W2(int particlesPerSpecies = 2000) => WithParticles(Load("w2.json"), particlesPerSpecies);

    private static SimulationSpec Load(string name) => SpecJson.Load(Path.Combine(AppContext.BaseDirectory, "examples", name));

    private static SimulationSpec WithParticles(SimulationSpec spec, int n) => SpecValidator.Validate(spec with
    {
        Model = spec.Model switch
        {
            PairwiseModelSpec a => a with { Species = a.Species.Select(s => s with { Particles = n }).ToArray() },
            PressureModelSpec b => b with { Species = b.Species.Select(s => s with { Particles = n }).ToArray() },
            _ => spec.Model,
        },
    });
}
