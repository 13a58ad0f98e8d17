using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Pde;
using Ensemble.Simulation.Specs;
using Xunit;

namespace Ensemble.Tests.Limits.Pde;

/// <summary>
/// (1.1) is the gradient flow of the energy (1.3) A = (1/m) int (sum_k a_k rho_k)^m + sum_k (a_k/b_k) sigma int rho_k log rho_k,
/// so A must not increase along the computed solution. Checked after every PDE step (on the cell averages, the
/// integral as the cell sum times h^d), with room only for rounding: 1e-12 of |A|.
/// </summary>
public sealed class EnergyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 0.01)]
    [InlineData(2, 0.05)]
    public void EnergyNeverIncreases(int dimension, double h)
    {
        var spec = PdeTestProblems.PressureLimit(dimension, h, steps: 50, dt: 2e-3);
        var model = (PressureModelSpec)spec.Model;
        var grid = LimitGrid.Derived(model, LimitEquation.Local, spec.Time.Horizon, h, 0.0);
        double m = model.Exponent;
        double Energy(double[][] rho)
        {
            double sum = 0.0;
            for (int c = 0; c < grid.CellCount; c++)
            {
                double s = 0.0;
                for (int k = 0; k < rho.Length; k++)
                {
                    var species = model.Species[k];
                    s += species.Weight * rho[k][c];
                    double r = rho[k][c];
                    if (r > 0.0) sum += species.Weight / species.Mobility * model.Sigma * r * Math.Log(r);
                }
                sum += Math.Pow(s, m) / m;
            }
            return sum * grid.CellVolume;
        }
        var energies = new List<double>();
        var problem = SpecProblem.Build(spec, LimitEquation.Local, grid, false) with { Observer = (_, rho) => energies.Add(Energy(rho)) };
        energies.Add(Energy(problem.Initial));
        PdeSolver.Solve(problem);
        double worst = double.NegativeInfinity;
        for (int i = 1; i < energies.Count; i++) worst = Math.Max(worst, (energies[i] - energies[i - 1]) / Math.Abs(energies[i - 1]));
        output.WriteLine($"d = {dimension}: {energies.Count - 1} steps, energy {energies[0]:F6} -> {energies[^1]:F6}; largest relative step change {worst:E2}");
        Assert.True(worst <= 1e-12, $"the energy rose by {worst:E3} of itself in one step");
        Assert.True(energies[^1] < energies[0]);
    }
}
