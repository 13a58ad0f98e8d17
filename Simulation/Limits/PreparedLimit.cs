using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Random;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits;

/// <summary>One species' PDE density at one output time, prepared for comparing particle clouds with it.</summary>
internal sealed class PreparedLimit
{
    private PreparedLimit(LimitReference reference) => Reference = reference;

    public LimitReference Reference { get; }

    public static PreparedLimit Of(UniformGrid grid, double[] density, IReadOnlyList<TestFunctionSpec> functions) =>
        new(LimitReference.Of(grid, density, functions));

    /// <summary>The distances of a species' particles to this density and their sampling floors, in LimitLayout order.</summary>
    public double[] Distances(ParticleVectors positions, int species, NoiseStream noise, uint step) =>
        throw new NotImplementedException("the distances are being built (issue 12)");
}
