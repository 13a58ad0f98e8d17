using System.Globalization;
using Ensemble.Simulation.Initial;

namespace Ensemble.Simulation.Specs;

/// <summary>
/// The one place a spec is checked. Throws <see cref="SpecValidationException"/> naming the first
/// offending field (as a JSON path) and what was expected, so nothing starts on a bad spec.
/// </summary>
public static partial class SpecValidator
{
    /// <summary>Bounds that keep one realisation's memory and run time sane.</summary>
    public const int MaxParticlesPerSpecies = 50_000_000;
    public const int MaxSteps = 100_000_000;
    public const int MaxHistogramBins = 16_777_216;

    /// <summary>A species name is repeated in every estimate row: short, printable, one line.</summary>
    public const int MaxNameLength = 64;

    public static SimulationSpec Validate(SimulationSpec spec)
    {
        Require(spec is not null, "spec", "a simulation spec, found nothing");
        Require(spec!.Model is not null, "model", "a model object with \"type\": \"pairwise\" or \"pressure\"");
        Require(spec.Time is not null, "time", "a time object with dt and horizon");
        ValidateModel(spec.Model!);
        ValidateTime(spec.Time!);
        ValidateObservables(spec.Observables ?? new ObservablesSpec(), spec.Model!);
        if (spec.Limit is not null) ValidateLimit(spec.Limit, spec.Model!, spec.Observables ?? new ObservablesSpec());
        if (spec.Stop is not null) ValidateStop(spec.Stop, spec);   // last: it looks the estimate up in the spec's layout
        return spec;
    }

    private static void ValidateModel(ModelSpec model)
    {
        int d = model.Dimension;
        Require(d is >= 1 and <= 3, "model.dimension", $"1, 2 or 3, found {d}");
        var species = model.AllSpecies();
        Require(species is { Count: > 0 }, "model.species", "at least one species");
        for (int k = 0; k < species.Count; k++)
        {
            string path = $"model.species[{k}]";
            Require(species[k] is not null, path, "a species object");
            ValidateName(species[k].Name, $"{path}.name");
            int n = species[k].Particles;
            Require(n is >= 1 and <= MaxParticlesPerSpecies, $"{path}.particles", $"an integer from 1 to {MaxParticlesPerSpecies}, found {n}");
            ValidateDistribution(species[k].Initial, d, $"{path}.initial");
        }
        switch (model)
        {
            case PairwiseModelSpec pairwise: ValidatePairwise(pairwise); break;
            case PressureModelSpec pressure: ValidatePressure(pressure); break;
            default: throw new SpecValidationException("model.type", "\"pairwise\" or \"pressure\"");
        }
    }

    private static void ValidateName(string? name, string field)
    {
        if (name is null) return;
        Require(name.Length is >= 1 and <= MaxNameLength, field, $"a name of 1 to {MaxNameLength} characters, found {name.Length}");
        Require(!name.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'), field,
            "a name without control characters or line breaks (it is repeated in every estimate row)");
    }

    private static void ValidatePairwise(PairwiseModelSpec model)
    {
        int n = model.Species.Count;
        for (int k = 0; k < n; k++)
            Positive(model.Species[k].Sigma, $"model.species[{k}].sigma");
        Positive(model.Eta, "model.eta");
        SquareMatrix(model.Interaction, n, "model.interaction", _ => true, "a finite number");
        Require(Enum.IsDefined(model.Kernel), "model.kernel", "\"polynomialBump\" or \"smoothBump\"");
        if (model.Kernels is not null)
            SquareMatrix(model.Kernels, n, "model.kernels", s => Enum.IsDefined(s), "\"polynomialBump\" or \"smoothBump\"");
    }

    private static void ValidatePressure(PressureModelSpec model)
    {
        for (int k = 0; k < model.Species.Count; k++)
        {
            Positive(model.Species[k].Weight, $"model.species[{k}].weight");
            Positive(model.Species[k].Mobility, $"model.species[{k}].mobility");
        }
        Finite(model.Exponent, "model.exponent");
        Require(model.Exponent >= 2.0, "model.exponent", $"m >= 2, found {Show(model.Exponent)}");
        Positive(model.Sigma, "model.sigma");
        Positive(model.Eps, "model.eps");
        Require(Enum.IsDefined(model.Mollifier), "model.mollifier", "\"polynomialBump\" or \"smoothBump\"");
        var drift = model.Drift ?? new PressureDriftSpec();
        Require(Enum.IsDefined(drift.Method), "model.drift.method", "\"grid\" or \"pairwise\"");
        Require(drift.GridResolution is >= 1 and <= 1024, "model.drift.gridResolution", $"nodes per eps from 1 to 1024, found {drift.GridResolution}");
        if (drift.Method == PressureDriftMethod.Pairwise)
            Require(model.Exponent == 2.0, "model.drift.method", $"\"pairwise\" is exact only for m = 2, found m = {Show(model.Exponent)}; use \"grid\"");
    }

    private static void ValidateTime(TimeGridSpec time)
    {
        Positive(time.Dt, "time.dt");
        Positive(time.Horizon, "time.horizon");
        Require(time.Dt <= time.Horizon, "time.dt", $"a step no longer than the horizon {Show(time.Horizon)}, found {Show(time.Dt)}");
        double steps = time.Horizon / time.Dt;
        Require(steps <= MaxSteps, "time.dt", $"at most {MaxSteps} steps to the horizon, found {steps:G3}");
        Require(IsWhole(steps), "time.horizon", $"a whole number of steps of dt = {Show(time.Dt)}, found {steps:G17} steps");
        if (time.OutputTimes is null) return;
        Require(time.OutputTimes.Count > 0, "time.outputTimes", "at least one time in [0, horizon], or omit it for the horizon only");
        for (int i = 0; i < time.OutputTimes.Count; i++)
        {
            double t = time.OutputTimes[i];
            string path = $"time.outputTimes[{i}]";
            Finite(t, path);
            Require(t >= 0 && t <= time.Horizon * (1 + 1e-12), path, $"a time in [0, {Show(time.Horizon)}], found {Show(t)}");
            Require(IsWhole(t / time.Dt), path, $"a whole number of steps of dt = {Show(time.Dt)}, found {Show(t)}");
        }
    }

    private static void ValidateObservables(ObservablesSpec observables, ModelSpec model)
    {
        int d = model.Dimension;
        if (observables.Histogram is { } histogram)
        {
            Vector(histogram.Lower, d, "observables.histogram.lower");
            Vector(histogram.Upper, d, "observables.histogram.upper");
            Require(histogram.Bins is not null && histogram.Bins.Count == d, "observables.histogram.bins", $"{d} bin count(s), one per axis");
            long total = 1;
            for (int a = 0; a < d; a++)
            {
                Require(histogram.Bins![a] >= 1, $"observables.histogram.bins[{a}]", $"at least 1 bin, found {histogram.Bins[a]}");
                Require(histogram.Upper[a] > histogram.Lower[a], $"observables.histogram.upper[{a}]",
                    $"greater than lower[{a}] = {Show(histogram.Lower[a])}, found {Show(histogram.Upper[a])}");
                total *= histogram.Bins[a];
                Require(total <= MaxHistogramBins, "observables.histogram.bins", $"at most {MaxHistogramBins} bins in all");
            }
        }
        int fewest = model.AllSpecies().Min(s => s.Particles);
        var tagged = observables.TaggedParticlesFor(fewest);
        for (int i = 0; i < tagged.Count; i++)
        {
            Require(tagged[i] >= 0 && tagged[i] < fewest, $"observables.taggedParticles[{i}]",
                $"a particle index in [0, {fewest - 1}] (every species has at least {fewest}), found {tagged[i]}");
            for (int j = 0; j < i; j++)
                Require(tagged[j] != tagged[i], $"observables.taggedParticles[{i}]",
                    $"distinct particles (a tagged pair of one particle says nothing), but {tagged[i]} is also entry {j}");
        }
        var functions = observables.TestFunctions ?? [];
        for (int q = 0; q < functions.Count; q++)
        {
            string path = $"observables.testFunctions[{q}]";
            switch (functions[q])
            {
                case CosineMode c: Vector(c.Wavevector, d, $"{path}.wavevector"); break;
                case SineMode s: Vector(s.Wavevector, d, $"{path}.wavevector"); break;
                case GaussianBump g:
                    Vector(g.Centre, d, $"{path}.centre");
                    Positive(g.Width, $"{path}.width");
                    break;
                default: throw new SpecValidationException($"{path}.type", "\"cos\", \"sin\" or \"gaussian\"");
            }
        }
    }

    private static void ValidateDistribution(InitialDistribution? distribution, int d, string path)
    {
        switch (distribution)
        {
            case GaussianDistribution g:
                Vector(g.Mean, d, $"{path}.mean");
                SquareMatrix(g.Covariance, d, $"{path}.covariance", _ => true, "a finite number");
                for (int a = 0; a < d; a++)
                for (int b = 0; b < a; b++)
                    Require(g.Covariance[a][b] == g.Covariance[b][a], $"{path}.covariance[{a}][{b}]",
                        $"a symmetric matrix, but [{a}][{b}] = {Show(g.Covariance[a][b])} and [{b}][{a}] = {Show(g.Covariance[b][a])}");
                Require(CholeskyFactor.TryCompute(g.Covariance, out _), $"{path}.covariance", "a positive definite matrix");
                break;
            case UniformBoxDistribution u:
                Vector(u.Lower, d, $"{path}.lower");
                Vector(u.Upper, d, $"{path}.upper");
                for (int a = 0; a < d; a++)
                    Require(u.Upper[a] > u.Lower[a], $"{path}.upper[{a}]", $"greater than lower[{a}] = {Show(u.Lower[a])}, found {Show(u.Upper[a])}");
                break;
            case MixtureDistribution m:
                Require(m.Components is { Count: > 0 }, $"{path}.components", "at least one component");
                for (int c = 0; c < m.Components.Count; c++)
                {
                    Require(m.Components[c] is not null, $"{path}.components[{c}]", "a component with weight and distribution");
                    Positive(m.Components[c].Weight, $"{path}.components[{c}].weight");
                    ValidateDistribution(m.Components[c].Distribution, d, $"{path}.components[{c}].distribution");
                }
                break;
            default:
                throw new SpecValidationException(path, "an initial distribution with \"type\": \"gaussian\", \"uniform\" or \"mixture\"");
        }
    }

    private static void SquareMatrix<T>(IReadOnlyList<IReadOnlyList<T>>? matrix, int n, string path, Func<T, bool> entryValid, string entryExpectation)
    {
        Require(matrix is not null && matrix.Count == n, path, $"an {n} x {n} matrix, found {matrix?.Count ?? 0} row(s)");
        for (int i = 0; i < n; i++)
        {
            if (matrix![i] is not { } row || row.Count != n) Require(false, $"{path}[{i}]", $"a row of {n} entries, found {matrix[i]?.Count ?? 0}");
            for (int j = 0; j < n; j++)
            {
                T value = matrix[i][j];
                bool ok = entryValid(value) && (value is not double x || double.IsFinite(x));
                // The message is built only on failure: a 1000-species matrix has a million entries.
                if (!ok) Require(false, $"{path}[{i}][{j}]", $"{entryExpectation}, found {value}");
            }
        }
    }

    private static void Vector(IReadOnlyList<double>? vector, int d, string path)
    {
        Require(vector is not null && vector.Count == d, path, $"{d} component(s), one per axis, found {vector?.Count ?? 0}");
        for (int a = 0; a < d; a++) Finite(vector![a], $"{path}[{a}]");
    }

    private static void Positive(double value, string path)
    {
        Finite(value, path);
        Require(value > 0, path, $"a number > 0, found {Show(value)}");
    }

    private static void Finite(double value, string path) =>
        Require(double.IsFinite(value), path, $"a finite number, found {Show(value)}");

    private static bool IsWhole(double x) => Math.Abs(x - Math.Round(x)) <= 1e-9 * Math.Max(1.0, Math.Abs(x));

    private static string Show(double x) => x.ToString("G17", CultureInfo.InvariantCulture);

    private static void Require(bool condition, string field, string expectation)
    {
        if (!condition) throw new SpecValidationException(field, expectation);
    }
}
