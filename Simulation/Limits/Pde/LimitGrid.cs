using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// The grid of a spec's limit PDE: the default cell size and the derived box.
/// - Cell size (when the spec gives none): the smallest initial standard deviation along any axis / 60 in d = 1,
///   / 25 in d = 2 (/ 8 in d = 3, where memory binds), and at most the interaction radius / 4. The grid-refinement
///   tests (moments at T within 1e-4 of the next finer grid's on W1 and W2) hold at this size, with the moments
///   read as those of the smooth density the cell averages come from (<see cref="DensityMoments"/>); W1's default
///   (h = 0.02, 360 x 310 cells) keeps a W1 limit job's solve to tens of seconds and its velocity frames to ~0.35 GB an equation.
/// - Box (when the spec gives none): per axis, every initial component's mean ± 5 sqrt(var + 2 sigma T) (a
///   uniform box's edges ± 5 sqrt(2 sigma T)), widened by the interaction's reach (eta; 2 eps for model B's
///   nonlocal drift, grad V^eps * (V^eps * rho)) and two cells, rounded out to whole cells about its centre.
///   Mass beyond 5 standard deviations is 3e-7 a side; the solver checks the wall layer anyway.
/// </summary>
internal static class LimitGrid
{
    public const double Spread = 5.0;

    public static double DefaultCellSize(ModelSpec model)
    {
        double scale = double.PositiveInfinity;
        foreach (var species in model.AllSpecies())
            scale = Math.Min(scale, SmallestDeviation(species.Initial, model.Dimension));
        double h = scale / (model.Dimension switch { 1 => 60.0, 2 => 25.0, _ => 8.0 });
        double radius = KernelRadius(model);
        return Math.Min(h, radius / 4.0);
    }

    /// <summary>Support radius of the model's kernel: eta (model A) or eps (model B).</summary>
    public static double KernelRadius(ModelSpec model) => model switch
    {
        PairwiseModelSpec a => a.Eta,
        PressureModelSpec b => b.Eps,
        _ => throw new ArgumentException($"no limit PDE for the model {model.GetType().Name}"),
    };

    /// <summary>How far the drift reaches beyond a density: eta for (4), 2 eps for (1.5), none for the local equations.</summary>
    public static double Reach(ModelSpec model, LimitEquation equation) =>
        equation == LimitEquation.Local ? 0.0 : model is PressureModelSpec ? 2.0 * KernelRadius(model) : KernelRadius(model);

    public static double LargestSigma(ModelSpec model) => model switch
    {
        PairwiseModelSpec a => a.Species.Max(s => s.Sigma),
        PressureModelSpec b => b.Sigma,
        _ => throw new ArgumentException($"no limit PDE for the model {model.GetType().Name}"),
    };

    /// <summary>The derived box with <paramref name="grow"/> times its half-width added a side (0 at first).</summary>
    public static UniformGrid Derived(ModelSpec model, LimitEquation equation, double horizon, double h, double grow)
    {
        int d = model.Dimension;
        double heat = 2.0 * LargestSigma(model) * horizon;
        var lower = Enumerable.Repeat(double.PositiveInfinity, d).ToArray();
        var upper = Enumerable.Repeat(double.NegativeInfinity, d).ToArray();
        foreach (var species in model.AllSpecies()) Extent(species.Initial, heat, lower, upper);
        double margin = Reach(model, equation) + 2.0 * h;
        var corner = new double[d];
        var cells = new int[d];
        for (int a = 0; a < d; a++)
        {
            double lo = lower[a] - margin, hi = upper[a] + margin;
            double half = 0.5 * (hi - lo) * (1.0 + grow), centre = 0.5 * (lo + hi);
            cells[a] = (int)Math.Ceiling(2.0 * half / h);
            corner[a] = centre - 0.5 * cells[a] * h;
        }
        return new UniformGrid(corner, cells, h);
    }

    /// <summary>The spec's box in whole cells of h (the upper edge rounded up to the next whole cell).</summary>
    public static UniformGrid Given(LimitBoxSpec box, double h)
    {
        int d = box.Lower.Count;
        var cells = new int[d];
        for (int a = 0; a < d; a++)
        {
            double length = box.Upper[a] - box.Lower[a];
            if (!(length > 0)) throw new ArgumentException($"limit.box: upper must exceed lower on axis {a}");
            cells[a] = Math.Max(1, (int)Math.Ceiling(length / h - 1e-9));
        }
        return new UniformGrid(box.Lower.ToArray(), cells, h);
    }

    private static void Extent(InitialDistribution law, double heat, double[] lower, double[] upper)
    {
        switch (law)
        {
            case GaussianDistribution g:
                for (int a = 0; a < lower.Length; a++)
                {
                    double reach = Spread * Math.Sqrt(g.Covariance[a][a] + heat);
                    lower[a] = Math.Min(lower[a], g.Mean[a] - reach);
                    upper[a] = Math.Max(upper[a], g.Mean[a] + reach);
                }
                break;
            case UniformBoxDistribution b:
                for (int a = 0; a < lower.Length; a++)
                {
                    double reach = Spread * Math.Sqrt(heat);
                    lower[a] = Math.Min(lower[a], b.Lower[a] - reach);
                    upper[a] = Math.Max(upper[a], b.Upper[a] + reach);
                }
                break;
            case MixtureDistribution m:
                foreach (var c in m.Components) Extent(c.Distribution, heat, lower, upper);
                break;
            default:
                throw new ArgumentException($"no extent for the initial law {law.GetType().Name}");
        }
    }

    private static double SmallestDeviation(InitialDistribution law, int d) => law switch
    {
        GaussianDistribution g => Enumerable.Range(0, d).Min(a => Math.Sqrt(g.Covariance[a][a])),
        UniformBoxDistribution b => Enumerable.Range(0, d).Min(a => (b.Upper[a] - b.Lower[a]) / Math.Sqrt(12.0)),
        MixtureDistribution m => m.Components.Min(c => SmallestDeviation(c.Distribution, d)),
        _ => throw new ArgumentException($"no scale for the initial law {law.GetType().Name}"),
    };
}
