namespace Ensemble.Simulation.Specs;

/// <summary>The rules of a spec's <c>limit</c> section (the PDE limits and the coupled processes).</summary>
public static partial class SpecValidator
{
    /// <summary>A pair histogram of B x B bins is B^2 numbers per realisation, species and output time.</summary>
    public const int MaxPairHistogramBins = 64;

    private static void ValidateLimit(LimitSpec limit, ModelSpec model, ObservablesSpec observables)
    {
        int d = model.Dimension;
        var equations = limit.Equations ?? [];
        Require(equations.Count > 0, "limit.equations", "at least one of \"nonlocal\", \"local\"");
        for (int i = 0; i < equations.Count; i++)
        {
            Require(Enum.IsDefined(equations[i]), $"limit.equations[{i}]", "\"nonlocal\" or \"local\"");
            Require(equations.Take(i).All(e => e != equations[i]), $"limit.equations[{i}]",
                $"each equation once, but \"{Camel(equations[i])}\" is also an earlier entry");
        }

        var coupled = limit.Coupled ?? [];
        var allowed = model is PairwiseModelSpec
            ? new[] { CoupledProcess.Intermediate, CoupledProcess.Limit }
            : [CoupledProcess.Nonlinear];
        string allowedText = model is PairwiseModelSpec
            ? "\"intermediate\" (process (3)) or \"limit\" (process (5)) for a pairwise model"
            : "\"nonlinear\" (process (1.7)) for a pressure model";
        for (int i = 0; i < coupled.Count; i++)
        {
            string path = $"limit.coupled[{i}]";
            Require(allowed.Contains(coupled[i]), path, $"{allowedText}, found \"{Camel(coupled[i])}\"");
            Require(coupled.Take(i).All(c => c != coupled[i]), path, $"each process once, but \"{Camel(coupled[i])}\" is also an earlier entry");
            var driving = coupled[i] == CoupledProcess.Limit ? LimitEquation.Local : LimitEquation.Nonlocal;
            Require(equations.Contains(driving), path,
                $"the equation its drift is read from, \"{Camel(driving)}\", among limit.equations (found {string.Join(", ", equations.Select(Camel))})");
        }

        if (limit.CellSize is { } h) Positive(h, "limit.cellSize");

        if (limit.Box is { } box)
        {
            Vector(box.Lower, d, "limit.box.lower");
            Vector(box.Upper, d, "limit.box.upper");
            for (int a = 0; a < d; a++)
                Require(box.Upper[a] > box.Lower[a], $"limit.box.upper[{a}]",
                    $"greater than lower[{a}] = {Show(box.Lower[a])}, found {Show(box.Upper[a])}");
            if (limit.CellSize is { } size)
                for (int a = 0; a < d; a++)
                    Require(size <= box.Upper[a] - box.Lower[a], "limit.cellSize",
                        $"a cell no wider than the box (axis {a} is {Show(box.Upper[a] - box.Lower[a])} wide), found {Show(size)}");
        }

        if (limit.PairHistogram is { } pair)
        {
            Finite(pair.Lower, "limit.pairHistogram.lower");
            Finite(pair.Upper, "limit.pairHistogram.upper");
            Require(pair.Upper > pair.Lower, "limit.pairHistogram.upper", $"greater than lower = {Show(pair.Lower)}, found {Show(pair.Upper)}");
            Require(pair.Bins is >= 2 and <= MaxPairHistogramBins, "limit.pairHistogram.bins",
                $"an integer from 2 to {MaxPairHistogramBins} bins per particle, found {pair.Bins}");
            int fewest = model.AllSpecies().Min(s => s.Particles);
            Require(observables.TaggedParticlesFor(fewest).Count >= 2, "limit.pairHistogram",
                "two tagged particles (observables.taggedParticles, or species of at least 2 particles) to compare their joint law with the product");
        }
    }

    private static string Camel<T>(T value) where T : struct, Enum
    {
        string name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
