using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Specs;

namespace Ensemble.Tests.Support;

/// <summary>Small specs built in code for the tests; every one passes validation.</summary>
public static class TestSpecs
{
    public static GaussianDistribution Gaussian(double[] mean, double variance) => new()
    {
        Mean = mean,
        Covariance = Enumerable.Range(0, mean.Length)
            .Select(i => (IReadOnlyList<double>)Enumerable.Range(0, mean.Length).Select(j => i == j ? variance : 0.0).ToArray())
            .ToArray(),
    };

    public static double[][] Matrix(int n, double value) =>
        Enumerable.Range(0, n).Select(_ => Enumerable.Repeat(value, n).ToArray()).ToArray();

    public static SimulationSpec Pairwise(
        int dimension,
        int particles,
        double[][] interaction,
        double eta = 0.1,
        double sigma = 0.5,
        double dt = 1e-3,
        int steps = 10,
        KernelShape kernel = KernelShape.PolynomialBump,
        ObservablesSpec? observables = null)
    {
        int n = interaction.Length;
        return SpecValidator.Validate(new SimulationSpec
        {
            Model = new PairwiseModelSpec
            {
                Dimension = dimension,
                Species = Enumerable.Range(0, n).Select(k => new PairwiseSpeciesSpec
                {
                    Name = $"s{k}",
                    Particles = particles,
                    Sigma = sigma,
                    Initial = Gaussian(Enumerable.Range(0, dimension).Select(a => a == 0 ? k - 0.5 * (n - 1) : 0.0).ToArray(), 0.25),
                }).ToArray(),
                Interaction = interaction,
                Kernel = kernel,
                Eta = eta,
            },
            Time = new TimeGridSpec { Dt = dt, Horizon = dt * steps },
            Observables = observables ?? new ObservablesSpec(),
        });
    }

    public static PressureModelSpec Pressure(
        int dimension,
        int particles,
        double exponent,
        double eps = 0.1,
        KernelShape mollifier = KernelShape.SmoothBump,
        PressureDriftMethod method = PressureDriftMethod.Grid,
        int resolution = 8) => new()
    {
        Dimension = dimension,
        Exponent = exponent,
        Sigma = 0.1,
        Eps = eps,
        Mollifier = mollifier,
        Drift = new PressureDriftSpec { Method = method, GridResolution = resolution },
        Species =
        [
            new PressureSpeciesSpec
            {
                Particles = particles, Weight = 1.0, Mobility = 1.0, Initial = Gaussian(Enumerable.Repeat(-0.2, dimension).ToArray(), 0.09),
            },
            new PressureSpeciesSpec
            {
                Particles = particles, Weight = 0.5, Mobility = 2.0, Initial = Gaussian(Enumerable.Repeat(0.2, dimension).ToArray(), 0.04),
            },
        ],
    };

    public static SimulationSpec Wrap(ModelSpec model, double dt = 1e-3, int steps = 10, ObservablesSpec? observables = null) =>
        SpecValidator.Validate(new SimulationSpec
        {
            Model = model,
            Time = new TimeGridSpec { Dt = dt, Horizon = dt * steps },
            Observables = observables ?? new ObservablesSpec(),
        });

    public static string ExamplePath(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);
}
