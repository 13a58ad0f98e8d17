using System.Globalization;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Observables;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Statistics;

/// <summary>
/// Where every scalar observable of a realisation sits in its flattened form, fixed by the spec alone.
/// Blocks in the order output time (ascending), then species (spec order); within a block:
/// mean [d], covariance [d(d+1)/2, upper triangle xx, xy, …], central moment 3 [d], central moment 4 [d],
/// histogram density [K] and outside fraction [1] (only with a histogram), tagged positions
/// [T d: slot-major, 0.x, 0.y, …, 1.x, …], test-function averages [Q], then the limit section's
/// per-species values (<see cref="LimitLayout"/>). After all blocks, per output time, the limit
/// section's joint values (coupling errors, species "all"); none without a limit section.
/// Immutable, so one layout may flatten results on many threads at once.
/// </summary>
internal sealed class EnsembleLayout
{
    private readonly string[] _blockObservable;
    private readonly string[] _blockComponent;

    public EnsembleLayout(SimulationSpec spec)
    {
        var observables = spec.Observables ?? new ObservablesSpec();
        var species = spec.Model.AllSpecies();
        Dimension = spec.Model.Dimension;
        Steps = spec.Time.OutputSteps();
        Times = Steps.Select(s => s * spec.Time.Dt).ToArray();   // as the integrator reports them: step * dt
        SpeciesLabels = species.Select((s, k) => s.Name ?? k.ToString(CultureInfo.InvariantCulture)).ToArray();
        Particles = species.Select(s => s.Particles).ToArray();
        HasHistogram = observables.Histogram is not null;
        BinCount = observables.Histogram?.Bins.Aggregate(1, (p, b) => p * b) ?? 0;
        TaggedCount = observables.TaggedParticlesFor(Particles.Min()).Count;
        FunctionCount = (observables.TestFunctions ?? []).Count;
        Limit = new LimitLayout(spec);

        int d = Dimension;
        // Checked before a name is built: a width past an array's reach is refused, not overflowed.
        long width = WidthOf(spec);
        if (width > Array.MaxLength)
            throw new ArgumentException(
                $"the layout would hold {width:N0} numbers per realisation, more than an array can ({Array.MaxLength:N0})", nameof(spec));
        var names = new List<(string Observable, string Component)>();
        for (int a = 0; a < d; a++) names.Add(("mean", Components.Axis(a)));
        CovarianceOffset = names.Count;
        foreach (string pair in Components.Pairs(d)) names.Add(("covariance", pair));
        ThirdMomentOffset = names.Count;
        for (int a = 0; a < d; a++) names.Add(("central_moment_3", Components.Axis(a)));
        FourthMomentOffset = names.Count;
        for (int a = 0; a < d; a++) names.Add(("central_moment_4", Components.Axis(a)));
        HistogramOffset = names.Count;
        if (HasHistogram)
        {
            for (int i = 0; i < BinCount; i++) names.Add(("histogram", "bin" + i.ToString(CultureInfo.InvariantCulture)));
            names.Add(("histogram_outside", "all"));
        }
        TaggedOffset = names.Count;
        for (int slot = 0; slot < TaggedCount; slot++)
        for (int a = 0; a < d; a++)
            names.Add(("tagged_position", slot.ToString(CultureInfo.InvariantCulture) + "." + Components.Axis(a)));
        FunctionOffset = names.Count;
        for (int q = 0; q < FunctionCount; q++) names.Add(("test_function", TestFunctionComponent(q)));
        LimitOffset = names.Count;
        names.AddRange(Limit.SpeciesNames);

        BlockWidth = names.Count;
        _blockObservable = names.Select(n => n.Observable).ToArray();
        _blockComponent = names.Select(n => n.Component).ToArray();
        BlockCount = Steps.Length * Particles.Length;
        JointOffset = BlockCount * BlockWidth;
        JointWidth = Limit.JointNames.Count;
        Width = JointOffset + Steps.Length * JointWidth;
        string signature = string.Join(";", $"d={d}", $"times={string.Join(',', Times.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))}",
            $"particles={string.Join(',', Particles)}",
            $"histogram={(HasHistogram ? BinCount : -1)}", $"tagged={TaggedCount}", $"functions={FunctionCount}");
        // Only a spec with a limit section says so: the signature of every other spec is what it was.
        Signature = spec.Limit is null
            ? signature
            : signature + ";limit=" + string.Join(',', Limit.SpeciesNames.Concat(Limit.JointNames).Select(n => n.Observable + ":" + n.Component));
    }

    /// <summary>
    /// Scalars per realisation, computed in 64 bits from the spec alone (no layout is built), so a
    /// budget can refuse a spec whose width would not fit before anything is allocated.
    /// </summary>
    public static long WidthOf(SimulationSpec spec)
    {
        var observables = spec.Observables ?? new ObservablesSpec();
        var species = spec.Model.AllSpecies();
        long d = spec.Model.Dimension;
        long bins = observables.Histogram is { } histogram ? histogram.Bins.Aggregate(1L, (p, b) => p * Math.Max(0, b)) + 1 : 0;
        long tagged = observables.TaggedParticlesFor(species.Min(s => s.Particles)).Count;
        var (limitPerSpecies, limitPerTime) = LimitLayout.WidthOf(spec);
        long block = d + d * (d + 1) / 2 + 2 * d + bins + tagged * d + (observables.TestFunctions ?? []).Count + limitPerSpecies;
        long times = spec.Time.OutputSteps().Length;
        return times * species.Count * block + times * limitPerTime;
    }

    public int Dimension { get; }
    public int[] Steps { get; }
    public double[] Times { get; }
    public string[] SpeciesLabels { get; }
    public int[] Particles { get; }
    public bool HasHistogram { get; }
    public int BinCount { get; }
    public int TaggedCount { get; }
    public int FunctionCount { get; }

    public int CovarianceOffset { get; }
    public int ThirdMomentOffset { get; }
    public int FourthMomentOffset { get; }
    public int HistogramOffset { get; }
    public int TaggedOffset { get; }
    public int FunctionOffset { get; }
    public int LimitOffset { get; }

    /// <summary>The names of the limit section's observables; empty without one.</summary>
    public LimitLayout Limit { get; }

    /// <summary>Where the per-time joint values start (after every block), and how many there are per time.</summary>
    public int JointOffset { get; }
    public int JointWidth { get; }

    /// <summary>Scalars per (time, species) block.</summary>
    public int BlockWidth { get; }

    /// <summary>Number of (time, species) blocks: block b is time b / species count, species b % species count.</summary>
    public int BlockCount { get; }

    public int Width { get; }

    /// <summary>What must agree for two accumulators to be merged or a state to be loaded.</summary>
    public string Signature { get; }

    public int SpeciesCount => Particles.Length;

    /// <summary>Propagation-of-chaos pair statistics need tagged slots 0 and 1.</summary>
    public bool HasTaggedPair => TaggedCount >= 2;

    public int TimeOf(int block) => block / SpeciesCount;
    public int SpeciesOf(int block) => block % SpeciesCount;

    /// <summary>Observable and component names of position <paramref name="i"/> within a block.</summary>
    public (string Observable, string Component) NameOf(int i) => (_blockObservable[i], _blockComponent[i]);

    public static string TestFunctionComponent(int q) => "q" + q.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes a successful result's observables into <paramref name="destination"/> (length <see cref="Width"/>).</summary>
    public void Flatten(RealisationResult result, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Succeeded)
            throw new ArgumentException($"realisation {result.Seed.Index} failed ({result.Failure!.Reason}): it has no observables to fold in", nameof(result));
        if (destination.Length != Width)
            throw new ArgumentException($"a flattened realisation has {Width} numbers, the destination {destination.Length}", nameof(destination));
        if (result.Snapshots.Count != Steps.Length)
            throw Mismatch(result, $"{result.Snapshots.Count} snapshots, the spec has {Steps.Length} output times");
        int d = Dimension;
        for (int t = 0; t < Steps.Length; t++)
        {
            var snapshot = result.Snapshots[t];
            if (snapshot.Step != Steps[t])
                throw Mismatch(result, $"snapshot {t} is at step {snapshot.Step}, the spec's output step is {Steps[t]}");
            if (snapshot.Species.Count != SpeciesCount)
                throw Mismatch(result, $"snapshot {t} has {snapshot.Species.Count} species, the spec {SpeciesCount}");
            for (int k = 0; k < SpeciesCount; k++)
            {
                var s = snapshot.Species[k];
                Span<double> block = destination.Slice((t * SpeciesCount + k) * BlockWidth, BlockWidth);
                Copy(result, s.Mean, block[..d], "mean");
                Copy(result, s.Covariance, block.Slice(CovarianceOffset, d * (d + 1) / 2), "covariance");
                Copy(result, s.ThirdCentralMoment, block.Slice(ThirdMomentOffset, d), "third central moment");
                Copy(result, s.FourthCentralMoment, block.Slice(FourthMomentOffset, d), "fourth central moment");
                if (HasHistogram)
                {
                    if (s.HistogramDensity is null) throw Mismatch(result, "no histogram, the spec has one");
                    Copy(result, s.HistogramDensity, block.Slice(HistogramOffset, BinCount), "histogram");
                    block[HistogramOffset + BinCount] = s.HistogramOutsideFraction;
                }
                if (s.TaggedPositions.Length != TaggedCount)
                    throw Mismatch(result, $"{s.TaggedPositions.Length} tagged particles, the spec {TaggedCount}");
                for (int slot = 0; slot < TaggedCount; slot++)
                    Copy(result, s.TaggedPositions[slot], block.Slice(TaggedOffset + slot * d, d), "tagged position");
                Copy(result, s.TestFunctionAverages, block.Slice(FunctionOffset, FunctionCount), "test-function averages");
                Copy(result, s.LimitValues, block.Slice(LimitOffset, BlockWidth - LimitOffset), "limit observables");
            }
            Copy(result, snapshot.JointValues, destination.Slice(JointOffset + t * JointWidth, JointWidth), "coupling errors");
        }
    }

    private static void Copy(RealisationResult result, double[] source, Span<double> destination, string what)
    {
        if (source.Length != destination.Length)
            throw Mismatch(result, $"{what} has {source.Length} numbers, the spec's layout {destination.Length}");
        source.CopyTo(destination);
    }

    private static ArgumentException Mismatch(RealisationResult result, string detail) =>
        new($"realisation {result.Seed.Index} does not match the spec's layout: {detail}", nameof(result));
}
