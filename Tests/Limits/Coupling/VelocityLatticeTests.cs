using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Limits;
using Ensemble.Simulation.Limits.Coupling;
using Xunit;

namespace Ensemble.Tests.Limits.Coupling;

/// <summary>
/// A solution's frames prepared for the coupled processes keep every s-th cell centre, s the largest whose interpolant
/// reproduces the solution within the tolerance: on the solver's default W1 grid it subsamples, stays accurate against
/// the analytic field, and keeps the values themselves; on a field the grid barely resolves it keeps every centre.
/// </summary>
public sealed class VelocityLatticeTests(ITestOutputHelper output)
{
    private const double Dt = 1e-3;

    [Fact]
    public void TheSolversDefaultW1GridIsSubsampledWithinTheToleranceOfTheAnalyticField()
    {
        // W1's default cell size is 0.5 / 40 = 0.0125.
        var grid = HandBuiltSolutions.Cube(2, 3.0, 0.0125);
        var solution = HandBuiltSolutions.Solution(grid, 1, Dt, 3, GridVelocityDriftTests.W1Velocity);
        var lattice = VelocityLattice.Prepare(solution, Dt);
        output.WriteLine($"W1 h = 0.0125: every {lattice.Factor}-th centre kept (h = {lattice.Spacing}), " +
            $"subsampling error {lattice.SubsamplingError:E3} of max |v|");
        Assert.Equal(4, lattice.Factor);
        Assert.InRange(lattice.SubsamplingError, 1e-7, VelocityLattice.DefaultTolerance);

        var random = new System.Random(2);
        var points = new ParticleVectors(2, [3000]);
        for (int i = 0; i < 3000; i++)
        {
            points.Axis[0][i] = -2.5 + 5 * random.NextDouble();
            points.Axis[1][i] = -2.5 + 5 * random.NextDouble();
        }
        var drift = new ParticleVectors(2, points.Counts);
        new GridVelocityDrift(lattice, Dt).Evaluate(points, 2 * Dt, drift);
        double worst = 0.0, scale = 0.0;
        Span<double> x = stackalloc double[2];
        for (int i = 0; i < 3000; i++)
        {
            x[0] = points.Axis[0][i];
            x[1] = points.Axis[1][i];
            for (int a = 0; a < 2; a++)
            {
                double exact = GridVelocityDriftTests.W1Velocity(0, a, 0, x);
                scale = Math.Max(scale, Math.Abs(exact));
                worst = Math.Max(worst, Math.Abs(drift.Axis[a][i] + exact));
            }
        }
        output.WriteLine($"against the analytic field at 3000 random points: {worst / scale:E3} of max |v|");
        Assert.True(worst / scale < VelocityLattice.DefaultTolerance, $"{worst / scale:E3}");
    }

    [Fact]
    public void TheKeptValuesAreTheSolutionsOwnAtCentredCentres()
    {
        var grid = new UniformGrid([-1.0, 0.5], [43, 30], 0.05);
        AnalyticVelocity smooth = (k, a, t, x) => (1 + k + a + 1000 * t) * (0.3 + 0.1 * x[0] - 0.05 * x[1] * x[1]);
        var solution = HandBuiltSolutions.Solution(grid, 2, Dt, 2, smooth);
        var lattice = VelocityLattice.Prepare(solution, Dt);
        Assert.Equal(8, lattice.Factor);
        // 43 cells: (42 / 8) + 1 = 6 points from centre 1 (one left over at each end); 30 cells: 4 points from centre 2.
        Assert.Equal([6, 4], lattice.Points);
        Assert.Equal([grid.Centre(0, 1), grid.Centre(1, 2)], lattice.Origin);
        for (int n = 0; n < 2; n++)
        for (int k = 0; k < 2; k++)
        for (int a = 0; a < 2; a++)
        for (int j = 0; j < 4; j++)
        for (int i = 0; i < 6; i++)
            Assert.Equal(solution.Velocities![n].Velocity[k][a][1 + 8 * i + (2 + 8 * j) * 43], lattice.Frame(n, k)[a][i + 6 * j]);
    }

    [Fact]
    public void AFieldTheGridBarelyResolvesKeepsEveryCentre()
    {
        var grid = HandBuiltSolutions.Cube(1, 1.0, 0.01);
        var solution = HandBuiltSolutions.Solution(grid, 1, Dt, 2, (_, _, _, x) => Math.Sin(60 * x[0]));
        var lattice = VelocityLattice.Prepare(solution, Dt);
        Assert.Equal(1, lattice.Factor);
        Assert.Equal(0.0, lattice.SubsamplingError);
        Assert.Same(solution.Velocities![1].Velocity[0][0], lattice.Frame(1, 0)[0]);
        Assert.Equal(1, VelocityLattice.Prepare(HandBuiltSolutions.Solution(grid, 1, Dt, 2, (_, _, _, _) => 1.0), Dt, maxFactor: 1).Factor);
    }
}
