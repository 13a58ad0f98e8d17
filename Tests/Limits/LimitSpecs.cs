using Ensemble.Simulation.Specs;
using Ensemble.Tests.Support;

namespace Ensemble.Tests.Limits;

/// <summary>The limit examples, made smaller (fewer particles, a shorter horizon) so a test can afford many realisations.</summary>
internal static class LimitSpecs
{
    public static SimulationSpec Example(string name) => SpecJson.Parse(File.ReadAllText(TestSpecs.ExamplePath(name)));

    /// <summary>W2 with its limit section: N particles per species to the horizon, output at the horizon and halfway.</summary>
    public static SimulationSpec W2(int particles, double horizon = 0.1, LimitSpec? limit = null)
    {
        var spec = Example("w2-limit.json");
        var model = (PressureModelSpec)spec.Model;
        return SpecValidator.Validate(spec with
        {
            Model = model with { Species = model.Species.Select(s => s with { Particles = particles }).ToArray() },
            Time = new TimeGridSpec { Dt = spec.Time.Dt, Horizon = horizon, OutputTimes = [horizon / 2, horizon] },
            Limit = limit ?? spec.Limit,
        });
    }

    /// <summary>W1 with its limit section: N particles per species, a few steps.</summary>
    public static SimulationSpec W1(int particles, int steps = 20, LimitSpec? limit = null)
    {
        var spec = Example("w1-limit.json");
        var model = (PairwiseModelSpec)spec.Model;
        double horizon = steps * spec.Time.Dt;
        return SpecValidator.Validate(spec with
        {
            Model = model with { Species = model.Species.Select(s => s with { Particles = particles }).ToArray() },
            Time = new TimeGridSpec { Dt = spec.Time.Dt, Horizon = horizon, OutputTimes = [horizon] },
            Limit = limit ?? spec.Limit,
        });
    }

    /// <summary>The same spec without its limit section.</summary>
    public static SimulationSpec WithoutLimit(SimulationSpec spec) => SpecValidator.Validate(spec with { Limit = null });
}
