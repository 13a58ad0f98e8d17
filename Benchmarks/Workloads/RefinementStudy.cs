using System.Globalization;
using Ensemble.Simulation.Drift;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Specs;

namespace Ensemble.Benchmarks.Workloads;

/// <summary>
/// Model B's grid drift against the exact pairwise drift (m = 2) on W2's initial state, over
/// h = eps / resolution: relative max-norm error and observed order log2(e(h) / e(h/2)).
/// </summary>
public static class RefinementStudy
{
    public static void Print()
    {
        Console.WriteLine("model B, m = 2: grid drift vs exact pairwise W^eps drift, relative max error over all particles");
        foreach (var (dimension, shape) in new[] { (1, KernelShape.SmoothBump), (1, KernelShape.PolynomialBump), (2, KernelShape.SmoothBump) })
        {
            var w2 = ReferenceWorkloads.W2(dimension == 1 ? 2000 : 500);
            var model = (PressureModelSpec)w2.Model with { Exponent = 2.0, Mollifier = shape, Dimension = dimension };
            if (dimension == 2)
                model = model with { Eps = 0.2, Species = model.Species.Select((s, k) => s with { Initial = Spread(k) }).ToArray() };
            var simulator = Simulator.Create(w2 with { Model = model, Observables = new ObservablesSpec() });
            var positions = simulator.InitialPositions(new RealisationSeed(1, 0));
            var exact = new ParticleVectors(dimension, simulator.Counts);
            new PressurePairwiseDrift(model).Evaluate(positions, 0, exact);
            double scale = exact.MaxAbs();
            double? previous = null;
            Console.WriteLine($"  d = {dimension}, {shape}, eps = {model.Eps}, N = {simulator.Counts[0]} per species");
            foreach (int resolution in dimension == 1 ? new[] { 4, 8, 16, 32, 64 } : new[] { 4, 8, 16, 32 })
            {
                var grid = new ParticleVectors(dimension, simulator.Counts);
                new PressureGridDrift(model, resolution).Evaluate(positions, 0, grid);
                double error = grid.MaxAbsDifference(exact) / scale;
                string order = previous is null ? "" : string.Create(CultureInfo.InvariantCulture, $"   order {Math.Log2(previous.Value / error):F2}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    h = eps/{resolution,-3} error {error:E2}{order}"));
                previous = error;
            }
        }
    }

    private static GaussianDistribution Spread(int species) => new()
    {
        Mean = [species == 0 ? -0.5 : 0.5, 0.0],
        Covariance = [[0.09, 0.0], [0.0, 0.09]],
    };
}
