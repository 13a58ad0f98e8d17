using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Specs;
using Xunit;

namespace Ensemble.Tests.Specs;

/// <summary>
/// The spec checks: every rule of <see cref="SpecValidator"/> names its field as a JSON path, the
/// JSON layer (<see cref="SpecJson"/>) turns every parse problem into the same exception with the
/// right path, and the examples parse, validate and round-trip.
/// Specs are built from the examples w1 (pairwise, d = 2, two species of 1000) and w2 (pressure,
/// d = 1, m = 3, two species of 2000) with one field changed.
/// </summary>
public sealed class SpecValidationTests
{
    private const string W1 = "w1.json";
    private const string W2 = "w2.json";

    // ---------------------------------------------------------------- top level

    [Theory]
    [InlineData(W1)]
    [InlineData(W2)]
    public void ValidSpecIsReturnedUnchanged(string example)
    {
        var spec = Example(example);
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Fact]
    public void NullSpecIsRejectedNamingTheSpec() =>
        AssertRejected(null!, "spec", "a simulation spec");

    [Fact]
    public void MissingModelIsRejectedNamingTheModel() =>
        AssertRejected(Example(W1) with { Model = null! }, "model", "\"pairwise\" or \"pressure\"");

    [Fact]
    public void MissingTimeGridIsRejectedNamingTheTime() =>
        AssertRejected(Example(W1) with { Time = null! }, "time", "dt and horizon");

    [Fact]
    public void MissingObservablesFallBackToTheDefaults()
    {
        var spec = Example(W1) with { Observables = null! };
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    // ---------------------------------------------------------------- model: common to both kinds

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public void DimensionOutsideOneToThreeIsRejected(int dimension) =>
        AssertRejected(WithPairwise(m => m with { Dimension = dimension }), "model.dimension", "1, 2 or 3");

    [Fact]
    public void EmptySpeciesListIsRejected() =>
        AssertRejected(WithPairwise(m => m with { Species = [] }), "model.species", "at least one species");

    [Fact]
    public void NullSpeciesEntryIsRejectedNamingItsIndex() =>
        AssertRejected(WithPairwise(m => m with { Species = [m.Species[0], null!] }), "model.species[1]", "a species object");

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(SpecValidator.MaxParticlesPerSpecies + 1)]
    public void ParticleCountOutsideRangeIsRejectedNamingTheSpeciesField(int particles) =>
        AssertRejected(WithPairwiseSpecies(1, s => s with { Particles = particles }), "model.species[1].particles", "an integer from 1 to 50000000");

    [Fact]
    public void ParticleCountAtTheUpperBoundIsAccepted()
    {
        var spec = WithPressureSpecies(0, s => s with { Particles = SpecValidator.MaxParticlesPerSpecies });
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Fact]
    public void UnknownModelKindIsRejectedNamingTheType()
    {
        var pairwise = (PairwiseModelSpec)Example(W1).Model;
        var spec = Example(W1) with { Model = new UnknownModelSpec { Dimension = 2, Species = pairwise.Species } };
        AssertRejected(spec, "model.type", "\"pairwise\" or \"pressure\"");
    }

    // ---------------------------------------------------------------- model A (pairwise)

    [Theory]
    [InlineData(0.0, "a number > 0")]
    [InlineData(-0.5, "a number > 0")]
    [InlineData(double.NaN, "a finite number")]
    [InlineData(double.PositiveInfinity, "a finite number")]
    public void NonPositiveOrNonFiniteSigmaIsRejectedNamingTheSpeciesField(double sigma, string expectation) =>
        AssertRejected(WithPairwiseSpecies(1, s => s with { Sigma = sigma }), "model.species[1].sigma", expectation);

    [Theory]
    [InlineData(0.0, "a number > 0")]
    [InlineData(-0.1, "a number > 0")]
    [InlineData(double.NaN, "a finite number")]
    [InlineData(double.PositiveInfinity, "a finite number")]
    public void NonPositiveOrNonFiniteEtaIsRejected(double eta, string expectation) =>
        AssertRejected(WithPairwise(m => m with { Eta = eta }), "model.eta", expectation);

    [Fact]
    public void InteractionMatrixWithWrongRowCountIsRejected() =>
        AssertRejected(WithPairwise(m => m with { Interaction = [[1.0, 2.0]] }), "model.interaction", "2 x 2 matrix, found 1 row(s)");

    [Fact]
    public void InteractionMatrixWithShortRowIsRejectedNamingTheRow() =>
        AssertRejected(WithPairwise(m => m with { Interaction = [[1.0, 2.0], [2.0]] }), "model.interaction[1]", "a row of 2 entries, found 1");

    [Fact]
    public void InteractionMatrixWithMissingRowIsRejectedNamingTheRow() =>
        AssertRejected(WithPairwise(m => m with { Interaction = [null!, [2.0, 1.0]] }), "model.interaction[0]", "a row of 2 entries, found 0");

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteInteractionEntryIsRejectedNamingTheEntry(double entry) =>
        AssertRejected(WithPairwise(m => m with { Interaction = [[1.0, entry], [2.0, 1.0]] }), "model.interaction[0][1]", "a finite number");

    [Fact]
    public void NegativeInteractionEntriesAreAcceptedAsAttraction()
    {
        var spec = WithPairwise(m => m with { Interaction = [[-1.0, -2.0], [-2.0, -1.0]] });
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Fact]
    public void UndefinedKernelShapeIsRejected() =>
        AssertRejected(WithPairwise(m => m with { Kernel = (KernelShape)7 }), "model.kernel", "\"polynomialBump\" or \"smoothBump\"");

    [Fact]
    public void KernelsMatrixWithWrongRowCountIsRejected() =>
        AssertRejected(WithPairwise(m => m with { Kernels = [[KernelShape.SmoothBump]] }), "model.kernels", "2 x 2 matrix");

    [Fact]
    public void KernelsMatrixWithShortRowIsRejectedNamingTheRow() =>
        AssertRejected(
            WithPairwise(m => m with { Kernels = [[KernelShape.SmoothBump, KernelShape.SmoothBump], [KernelShape.SmoothBump]] }),
            "model.kernels[1]", "a row of 2 entries, found 1");

    [Fact]
    public void KernelsMatrixWithUndefinedShapeIsRejectedNamingTheEntry() =>
        AssertRejected(
            WithPairwise(m => m with { Kernels = [[KernelShape.SmoothBump, KernelShape.SmoothBump], [(KernelShape)9, KernelShape.SmoothBump]] }),
            "model.kernels[1][0]", "\"polynomialBump\" or \"smoothBump\"");

    [Fact]
    public void SquareKernelsMatrixIsAccepted()
    {
        var spec = WithPairwise(m => m with
        {
            Kernels = [[KernelShape.SmoothBump, KernelShape.PolynomialBump], [KernelShape.PolynomialBump, KernelShape.SmoothBump]],
        });
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    // ---------------------------------------------------------------- model B (pressure)

    [Theory]
    [InlineData(0.0, "a number > 0")]
    [InlineData(-1.0, "a number > 0")]
    [InlineData(double.NaN, "a finite number")]
    public void NonPositiveWeightIsRejectedNamingTheSpeciesField(double weight, string expectation) =>
        AssertRejected(WithPressureSpecies(1, s => s with { Weight = weight }), "model.species[1].weight", expectation);

    [Theory]
    [InlineData(0.0, "a number > 0")]
    [InlineData(-1.0, "a number > 0")]
    [InlineData(double.PositiveInfinity, "a finite number")]
    public void NonPositiveMobilityIsRejectedNamingTheSpeciesField(double mobility, string expectation) =>
        AssertRejected(WithPressureSpecies(0, s => s with { Mobility = mobility }), "model.species[0].mobility", expectation);

    [Theory]
    [InlineData(1.999)]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    public void ExponentBelowTwoIsRejected(double exponent) =>
        AssertRejected(WithPressure(m => m with { Exponent = exponent }), "model.exponent", "m >= 2");

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonFiniteExponentIsRejected(double exponent) =>
        AssertRejected(WithPressure(m => m with { Exponent = exponent }), "model.exponent", "a finite number");

    [Theory]
    [InlineData(2.0)]
    [InlineData(2.5)]
    public void RealExponentOfAtLeastTwoIsAccepted(double exponent)
    {
        var spec = WithPressure(m => m with { Exponent = exponent });
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Theory]
    [InlineData(0.0, "a number > 0")]
    [InlineData(-0.1, "a number > 0")]
    [InlineData(double.NaN, "a finite number")]
    public void NonPositiveModelBSigmaIsRejected(double sigma, string expectation) =>
        AssertRejected(WithPressure(m => m with { Sigma = sigma }), "model.sigma", expectation);

    [Theory]
    [InlineData(0.0, "a number > 0")]
    [InlineData(-0.1, "a number > 0")]
    [InlineData(double.PositiveInfinity, "a finite number")]
    public void NonPositiveEpsIsRejected(double eps, string expectation) =>
        AssertRejected(WithPressure(m => m with { Eps = eps }), "model.eps", expectation);

    [Fact]
    public void UndefinedMollifierShapeIsRejected() =>
        AssertRejected(WithPressure(m => m with { Mollifier = (KernelShape)5 }), "model.mollifier", "\"polynomialBump\" or \"smoothBump\"");

    [Fact]
    public void UndefinedDriftMethodIsRejected() =>
        AssertRejected(WithPressure(m => m with { Drift = new PressureDriftSpec { Method = (PressureDriftMethod)3 } }), "model.drift.method",
            "\"grid\" or \"pairwise\"");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1025)]
    public void GridResolutionOutsideOneTo1024IsRejected(int resolution) =>
        AssertRejected(WithPressure(m => m with { Drift = new PressureDriftSpec { GridResolution = resolution } }),
            "model.drift.gridResolution", "from 1 to 1024");

    [Theory]
    [InlineData(1)]
    [InlineData(1024)]
    public void GridResolutionAtTheBoundsIsAccepted(int resolution)
    {
        var spec = WithPressure(m => m with { Drift = new PressureDriftSpec { GridResolution = resolution } });
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(2.5)]
    public void PairwiseDriftWithExponentOtherThanTwoIsRejected(double exponent) =>
        AssertRejected(
            WithPressure(m => m with { Exponent = exponent, Drift = new PressureDriftSpec { Method = PressureDriftMethod.Pairwise } }),
            "model.drift.method", "only for m = 2");

    [Fact]
    public void PairwiseDriftWithExponentTwoIsAccepted()
    {
        var spec = WithPressure(m => m with { Exponent = 2.0, Drift = new PressureDriftSpec { Method = PressureDriftMethod.Pairwise } });
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Fact]
    public void MissingDriftFallsBackToTheGridDefault()
    {
        var spec = WithPressure(m => m with { Drift = null! });
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    // ---------------------------------------------------------------- time grid (w1: dt 0.001, T 0.1, outputs 0, 0.05, 0.1)

    [Theory]
    [InlineData(0.0, "a number > 0")]
    [InlineData(-0.001, "a number > 0")]
    [InlineData(double.NaN, "a finite number")]
    public void NonPositiveOrNonFiniteDtIsRejected(double dt, string expectation) =>
        AssertRejected(WithTime(t => t with { Dt = dt }), "time.dt", expectation);

    [Theory]
    [InlineData(0.0, "a number > 0")]
    [InlineData(-1.0, "a number > 0")]
    [InlineData(double.PositiveInfinity, "a finite number")]
    public void NonPositiveOrNonFiniteHorizonIsRejected(double horizon, string expectation) =>
        AssertRejected(WithTime(t => t with { Horizon = horizon }), "time.horizon", expectation);

    [Fact]
    public void DtLongerThanTheHorizonIsRejected() =>
        AssertRejected(WithTime(t => t with { Dt = 0.2 }), "time.dt", "a step no longer than the horizon");

    [Fact]
    public void DtEqualToTheHorizonIsAccepted()
    {
        var spec = WithTime(t => new TimeGridSpec { Dt = 0.1, Horizon = 0.1 });
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Fact]
    public void MoreStepsThanTheLimitAreRejectedNamingDt() =>
        AssertRejected(WithTime(t => new TimeGridSpec { Dt = 1e-9, Horizon = 1.0 }), "time.dt", "at most 100000000 steps");

    [Theory]
    [InlineData(0.003, 0.1)]
    [InlineData(0.001, 0.1005)]
    public void HorizonNotAWholeNumberOfStepsIsRejected(double dt, double horizon) =>
        AssertRejected(WithTime(t => new TimeGridSpec { Dt = dt, Horizon = horizon }), "time.horizon", "a whole number of steps");

    [Fact]
    public void EmptyOutputTimesAreRejected() =>
        AssertRejected(WithTime(t => t with { OutputTimes = [] }), "time.outputTimes", "at least one time");

    [Fact]
    public void OmittedOutputTimesMeanTheHorizonOnly()
    {
        var spec = WithTime(t => t with { OutputTimes = null });
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(0.101)]
    [InlineData(1.0)]
    public void OutputTimeOutsideZeroToHorizonIsRejectedNamingItsIndex(double time) =>
        AssertRejected(WithTime(t => t with { OutputTimes = [0.0, time, 0.1] }), "time.outputTimes[1]", "a time in [0, ");

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonFiniteOutputTimeIsRejectedNamingItsIndex(double time) =>
        AssertRejected(WithTime(t => t with { OutputTimes = [0.0, time, 0.1] }), "time.outputTimes[1]", "a finite number");

    [Theory]
    [InlineData(0.0505)]
    [InlineData(0.0001234)]
    public void OutputTimeNotAMultipleOfDtIsRejectedNamingItsIndex(double time) =>
        AssertRejected(WithTime(t => t with { OutputTimes = [0.0, time, 0.1] }), "time.outputTimes[1]", "a whole number of steps");

    // ---------------------------------------------------------------- observables (w1: d = 2, 25 x 25 bins on [-2.5, 2.5]^2)

    [Fact]
    public void MissingHistogramIsAccepted()
    {
        var spec = WithObservables(o => o with { Histogram = null });
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Fact]
    public void HistogramLowerOfWrongLengthIsRejected() =>
        AssertRejected(WithHistogram(h => h with { Lower = [-2.5] }), "observables.histogram.lower", "2 component(s)");

    [Fact]
    public void HistogramUpperOfWrongLengthIsRejected() =>
        AssertRejected(WithHistogram(h => h with { Upper = [2.5, 2.5, 2.5] }), "observables.histogram.upper", "2 component(s)");

    [Fact]
    public void NonFiniteHistogramBoundIsRejectedNamingTheAxis() =>
        AssertRejected(WithHistogram(h => h with { Lower = [-2.5, double.NegativeInfinity] }), "observables.histogram.lower[1]", "a finite number");

    [Fact]
    public void HistogramBinsOfWrongLengthAreRejected() =>
        AssertRejected(WithHistogram(h => h with { Bins = [25] }), "observables.histogram.bins", "2 bin count(s)");

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void HistogramWithoutBinsOnAnAxisIsRejectedNamingTheAxis(int bins) =>
        AssertRejected(WithHistogram(h => h with { Bins = [bins, 25] }), "observables.histogram.bins[0]", "at least 1 bin");

    [Theory]
    [InlineData(-2.5)]
    [InlineData(-3.0)]
    public void HistogramUpperNotAboveLowerIsRejectedNamingTheAxis(double upper) =>
        AssertRejected(WithHistogram(h => h with { Upper = [2.5, upper] }), "observables.histogram.upper[1]", "greater than lower[1]");

    [Fact]
    public void HistogramWithTooManyBinsInAllIsRejected() =>
        AssertRejected(WithHistogram(h => h with { Bins = [5000, 5000] }), "observables.histogram.bins", "at most 16777216 bins");

    [Theory]
    [InlineData(-1)]
    [InlineData(1000)]
    [InlineData(5000)]
    public void TaggedParticleIndexOutOfRangeIsRejectedNamingItsIndex(int index) =>
        AssertRejected(WithObservables(o => o with { TaggedParticles = [0, index] }), "observables.taggedParticles[1]", "a particle index in [0, 999]");

    [Fact]
    public void TaggedParticleIndexIsBoundedByTheSmallestSpecies() =>
        AssertRejected(WithPairwiseSpecies(1, s => s with { Particles = 1 }), "observables.taggedParticles[1]", "a particle index in [0, 0]");

    [Fact]
    public void OmittedTaggedParticlesDefaultToParticleZeroWhenASpeciesHasOnlyOne()
    {
        var spec = WithPairwiseSpecies(1, s => s with { Particles = 1 });
        spec = spec with { Observables = spec.Observables with { TaggedParticles = null } };
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Fact]
    public void CosineWavevectorOfWrongLengthIsRejected() =>
        AssertRejected(WithTestFunction(0, new CosineMode { Wavevector = [1.0] }), "observables.testFunctions[0].wavevector", "2 component(s)");

    [Fact]
    public void SineWavevectorOfWrongLengthIsRejected() =>
        AssertRejected(WithTestFunction(1, new SineMode { Wavevector = [1.0, 2.0, 3.0] }), "observables.testFunctions[1].wavevector", "2 component(s)");

    [Fact]
    public void NonFiniteWavevectorComponentIsRejectedNamingTheAxis() =>
        AssertRejected(WithTestFunction(0, new CosineMode { Wavevector = [1.0, double.NaN] }), "observables.testFunctions[0].wavevector[1]", "a finite number");

    [Fact]
    public void GaussianBumpCentreOfWrongLengthIsRejected() =>
        AssertRejected(WithTestFunction(2, new GaussianBump { Centre = [0.0], Width = 0.5 }), "observables.testFunctions[2].centre", "2 component(s)");

    [Theory]
    [InlineData(0.0, "a number > 0")]
    [InlineData(-0.5, "a number > 0")]
    [InlineData(double.NaN, "a finite number")]
    public void GaussianBumpWidthNotPositiveIsRejected(double width, string expectation) =>
        AssertRejected(WithTestFunction(2, new GaussianBump { Centre = [0.0, 0.0], Width = width }), "observables.testFunctions[2].width", expectation);

    [Fact]
    public void UnknownTestFunctionKindIsRejectedNamingTheType() =>
        AssertRejected(WithTestFunction(0, new ConstantFunction()), "observables.testFunctions[0].type", "\"cos\", \"sin\" or \"gaussian\"");

    // ---------------------------------------------------------------- initial distributions (species 0 of w1, d = 2)

    private const string Initial0 = "model.species[0].initial";

    [Fact]
    public void MissingInitialDistributionIsRejected() =>
        AssertRejected(WithInitial(null!), Initial0, "\"gaussian\", \"uniform\" or \"mixture\"");

    [Fact]
    public void UnknownInitialDistributionKindIsRejected() =>
        AssertRejected(WithInitial(new UnknownDistribution()), Initial0, "\"gaussian\", \"uniform\" or \"mixture\"");

    [Fact]
    public void GaussianMeanOfWrongLengthIsRejected() =>
        AssertRejected(WithInitial(new GaussianDistribution { Mean = [0.0, 0.0, 0.0], Covariance = Identity2 }), $"{Initial0}.mean", "2 component(s)");

    [Fact]
    public void CovarianceOfWrongShapeIsRejected() =>
        AssertRejected(WithInitial(new GaussianDistribution { Mean = [0.0, 0.0], Covariance = [[1.0]] }), $"{Initial0}.covariance", "2 x 2 matrix");

    [Fact]
    public void NonFiniteCovarianceEntryIsRejectedNamingTheEntry() =>
        AssertRejected(WithInitial(new GaussianDistribution { Mean = [0.0, 0.0], Covariance = [[double.NaN, 0.0], [0.0, 1.0]] }),
            $"{Initial0}.covariance[0][0]", "a finite number");

    [Fact]
    public void AsymmetricCovarianceIsRejectedNamingTheEntry() =>
        AssertRejected(WithInitial(new GaussianDistribution { Mean = [0.0, 0.0], Covariance = [[1.0, 0.1], [0.2, 1.0]] }),
            $"{Initial0}.covariance[1][0]", "a symmetric matrix");

    [Theory]
    [InlineData(1.0, 2.0, 1.0)]
    [InlineData(1.0, 0.0, 0.0)]
    [InlineData(-1.0, 0.0, 1.0)]
    public void CovarianceNotPositiveDefiniteIsRejected(double c00, double c01, double c11) =>
        AssertRejected(WithInitial(new GaussianDistribution { Mean = [0.0, 0.0], Covariance = [[c00, c01], [c01, c11]] }),
            $"{Initial0}.covariance", "a positive definite matrix");

    [Fact]
    public void UniformBoxIsAccepted()
    {
        var spec = WithInitial(UnitBox);
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Fact]
    public void UniformBoxLowerOfWrongLengthIsRejected() =>
        AssertRejected(WithInitial(UnitBox with { Lower = [0.0] }), $"{Initial0}.lower", "2 component(s)");

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void UniformBoxUpperNotAboveLowerIsRejectedNamingTheAxis(double upper) =>
        AssertRejected(WithInitial(UnitBox with { Upper = [upper, 1.0] }), $"{Initial0}.upper[0]", "greater than lower[0]");

    [Fact]
    public void MixtureIsAccepted()
    {
        var spec = WithInitial(Mixture(0.3, UnitBox, 0.7, StandardGaussian));
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Fact]
    public void MixtureWithoutComponentsIsRejected() =>
        AssertRejected(WithInitial(new MixtureDistribution { Components = [] }), $"{Initial0}.components", "at least one component");

    [Fact]
    public void MixtureWithMissingComponentIsRejectedNamingIt() =>
        AssertRejected(WithInitial(new MixtureDistribution { Components = [null!] }), $"{Initial0}.components[0]", "a component with weight and distribution");

    [Theory]
    [InlineData(0.0, "a number > 0")]
    [InlineData(-0.5, "a number > 0")]
    [InlineData(double.NaN, "a finite number")]
    public void MixtureComponentWithNonPositiveWeightIsRejectedNamingIt(double weight, string expectation) =>
        AssertRejected(WithInitial(Mixture(1.0, UnitBox, weight, StandardGaussian)), $"{Initial0}.components[1].weight", expectation);

    [Fact]
    public void InvalidDistributionInsideAMixtureIsRejectedWithItsNestedPath() =>
        AssertRejected(WithInitial(Mixture(1.0, StandardGaussian, 1.0, UnitBox with { Upper = [-1.0, 1.0] })),
            $"{Initial0}.components[1].distribution.upper[0]", "greater than lower[0]");

    [Fact]
    public void MissingDistributionInsideAMixtureIsRejectedNamingIt() =>
        AssertRejected(WithInitial(Mixture(1.0, null!, 1.0, UnitBox)), $"{Initial0}.components[0].distribution", "\"gaussian\", \"uniform\" or \"mixture\"");

    // ---------------------------------------------------------------- JSON: problems found while parsing

    [Theory]
    [InlineData(W1, "", "colour")]
    [InlineData(W1, "model", "colour")]
    [InlineData(W1, "model.species[1]", "charge")]
    [InlineData(W1, "model.species[0].initial", "skew")]
    [InlineData(W2, "model.drift", "tolerance")]
    [InlineData(W1, "observables.histogram", "normalise")]
    public void UnknownPropertyIsRejectedNamingIt(string example, string parent, string property)
    {
        string json = EditedJson(example, root => At(root, parent).AsObject()[property] = 1);
        AssertParseRejected(json, Join(parent, property));
    }

    [Theory]
    [InlineData(W1, "time", "stepCount", "7")]
    [InlineData(W1, "model", "speciesCommon", "[]")]
    public void DerivedReadOnlyPropertyInTheInputIsRejectedAsUnknown(string example, string parent, string property, string valueJson)
    {
        string json = EditedJson(example, root => At(root, parent).AsObject()[property] = JsonNode.Parse(valueJson));
        AssertParseRejected(json, Join(parent, property));
    }

    [Theory]
    [InlineData(W1, "model", "eta")]
    [InlineData(W1, "model", "interaction")]
    [InlineData(W1, "model.species[1]", "sigma")]
    [InlineData(W1, "model.species[0].initial", "covariance")]
    [InlineData(W1, "time", "dt")]
    [InlineData(W2, "model", "exponent")]
    [InlineData(W1, "", "model")]
    [InlineData(W1, "", "time")]
    public void MissingRequiredPropertyIsRejectedNamingItOrItsObject(string example, string parent, string property)
    {
        string json = EditedJson(example, root => At(root, parent).AsObject().Remove(property));
        // The property's own path is best; the object holding it is acceptable; "spec" for a
        // top-level property names nothing.
        string[] acceptable = parent.Length == 0 ? [property] : [Join(parent, property), parent];
        var e = AssertParseRejectedAtOneOf(json, acceptable);
        Assert.Contains($"'{property}'", e.Message);
    }

    [Theory]
    [InlineData(W1, "model.eta", "\"0.1\"")]
    [InlineData(W1, "model.dimension", "\"2\"")]
    [InlineData(W1, "model.dimension", "2.5")]
    [InlineData(W1, "model.species[1].particles", "1000.5")]
    [InlineData(W1, "model.interaction[0][1]", "\"2\"")]
    [InlineData(W1, "model.interaction", "1.0")]
    [InlineData(W1, "time.outputTimes", "{}")]
    [InlineData(W1, "observables.taggedParticles[1]", "true")]
    [InlineData(W2, "model.drift.gridResolution", "\"8\"")]
    public void ValueOfTheWrongTypeIsRejectedNamingIt(string example, string path, string valueJson)
    {
        string json = EditedJson(example, root => SetAt(root, path, JsonNode.Parse(valueJson)));
        AssertParseRejected(json, path);
    }

    [Theory]
    [InlineData(W1, "model.eta")]
    [InlineData(W1, "model.interaction")]
    [InlineData(W1, "model")]
    [InlineData(W1, "time")]
    public void NullForARequiredValueIsRejectedNamingIt(string example, string path)
    {
        string json = EditedJson(example, root => SetAt(root, path, null));
        AssertParseRejected(json, path);
    }

    [Theory]
    [InlineData(W1, "model.kernel", "\"triangle\"")]
    [InlineData(W1, "model.kernel", "1")]
    [InlineData(W2, "model.mollifier", "\"gaussian\"")]
    [InlineData(W2, "model.drift.method", "\"exact\"")]
    public void UnknownEnumValueIsRejectedNamingIt(string example, string path, string valueJson)
    {
        string json = EditedJson(example, root => SetAt(root, path, JsonNode.Parse(valueJson)));
        AssertParseRejected(json, path);
    }

    [Theory]
    [InlineData(W1, "model", "linear")]
    [InlineData(W1, "model.species[1].initial", "dirac")]
    [InlineData(W1, "observables.testFunctions[1]", "tan")]
    public void UnknownTypeDiscriminatorIsRejectedNamingItsObject(string example, string objectPath, string type)
    {
        string json = EditedJson(example, root => At(root, objectPath)["type"] = type);
        var e = AssertParseRejectedAtOneOf(json, [Join(objectPath, "type"), objectPath]);
        Assert.Contains($"'{type}'", e.Message);
    }

    [Theory]
    [InlineData(W1, "model")]
    [InlineData(W1, "model.species[0].initial")]
    [InlineData(W1, "observables.testFunctions[2]")]
    public void MissingTypeDiscriminatorIsRejectedNamingItsObject(string example, string objectPath)
    {
        string json = EditedJson(example, root => At(root, objectPath).AsObject().Remove("type"));
        AssertParseRejectedAtOneOf(json, [Join(objectPath, "type"), objectPath]);
    }

    [Theory]
    [InlineData(W1, "model")]
    [InlineData(W2, "model")]
    [InlineData(W1, "model.species[0].initial")]
    public void TypeDiscriminatorMayComeAfterOtherProperties(string example, string objectPath)
    {
        string json = EditedJson(example, root =>
        {
            var obj = At(root, objectPath).AsObject();
            string type = obj["type"]!.GetValue<string>();
            obj.Remove("type");
            obj["type"] = type;
        });
        var spec = SpecJson.Parse(json);
        Assert.Equal(SpecJson.Serialize(Example(example)), SpecJson.Serialize(spec));
    }

    [Theory]
    [InlineData(W1, "model.eta", "NaN")]
    [InlineData(W1, "time.horizon", "Infinity")]
    [InlineData(W1, "model.interaction[1][0]", "-Infinity")]
    [InlineData(W1, "model.eta", "\"NaN\"")]
    [InlineData(W2, "model.exponent", "\"Infinity\"")]
    public void NonFiniteNumberTextIsRejectedNamingIt(string example, string path, string rawText)
    {
        const string placeholder = "@@raw@@";
        string json = EditedJson(example, root => SetAt(root, path, placeholder)).Replace($"\"{placeholder}\"", rawText, StringComparison.Ordinal);
        AssertParseRejected(json, path);
    }

    [Fact]
    public void DuplicatePropertyIsRejectedRatherThanLastOneWinning()
    {
        string json = ExampleText(W1).Replace("\"eta\": 0.1", "\"eta\": 0.1, \"eta\": -1", StringComparison.Ordinal);
        var e = Assert.Throws<SpecValidationException>(() => SpecJson.Parse(json));
        Assert.Contains("eta", e.Message);
    }

    [Fact]
    public void PropertyNamesAreCaseSensitiveLikeTheTypeDiscriminator()
    {
        string json = ExampleText(W1).Replace("\"eta\": 0.1", "\"ETA\": 0.1", StringComparison.Ordinal);
        Assert.Throws<SpecValidationException>(() => SpecJson.Parse(json));
    }

    [Fact]
    public void TaggedParticlesMustBeDistinct() =>
        AssertRejected(WithObservables(o => o with { TaggedParticles = [4, 4] }), "observables.taggedParticles[1]", "distinct particles");

    [Fact]
    public void NumberTooLargeForADoubleIsRejectedAsNotFinite()
    {
        string json = EditedJson(W1, root => SetAt(root, "model.eta", "@@raw@@")).Replace("\"@@raw@@\"", "1e400", StringComparison.Ordinal);
        var e = AssertParseRejected(json, "model.eta");
        Assert.Contains("a finite number", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    public void DocumentThatIsNotASpecObjectIsRejectedNamingTheSpec(string json) =>
        AssertParseRejected(json, "spec");

    [Fact]
    public void ValidationErrorsSurfaceThroughParseWithTheSameField()
    {
        string json = EditedJson(W1, root => SetAt(root, "model.species[1].sigma", -0.5));
        var e = AssertParseRejected(json, "model.species[1].sigma");
        Assert.Contains("> 0", e.Message);
    }

    // ---------------------------------------------------------------- JSON: the examples and round trips

    [Theory]
    [InlineData(W1)]
    [InlineData(W2)]
    public void ExampleParsesAndValidates(string example)
    {
        var spec = SpecJson.Load(ExamplePath(example));
        Assert.Same(spec, SpecValidator.Validate(spec));
    }

    [Fact]
    public void ExampleW1IsAPairwiseModelWithTheFileValues()
    {
        var spec = Example(W1);
        var model = Assert.IsType<PairwiseModelSpec>(spec.Model);
        Assert.Equal(2, model.Dimension);
        Assert.Equal(new[] { 0.5, 0.5 }, model.Species.Select(s => s.Sigma));
        Assert.Equal(0.1, model.Eta);
        Assert.Equal(KernelShape.PolynomialBump, model.Kernel);
        Assert.Null(model.Kernels);
        Assert.Equal(100, spec.Time.StepCount());
        Assert.Equal(new[] { 0, 50, 100 }, spec.Time.OutputSteps());
        Assert.Equal(3, spec.Observables.TestFunctions.Count);
    }

    [Fact]
    public void ExampleW2IsAPressureModelWithTheFileValues()
    {
        var spec = Example(W2);
        var model = Assert.IsType<PressureModelSpec>(spec.Model);
        Assert.Equal(1, model.Dimension);
        Assert.Equal(3.0, model.Exponent);
        Assert.Equal(KernelShape.SmoothBump, model.Mollifier);
        Assert.Equal(PressureDriftMethod.Grid, model.Drift.Method);
        Assert.Equal(16, model.Drift.GridResolution);
        Assert.Equal(500, spec.Time.StepCount());
    }

    [Theory]
    [InlineData(W1)]
    [InlineData(W2)]
    public void SerializeThenParseRoundTripsToTheSameText(string example)
    {
        string once = SpecJson.Serialize(Example(example));
        string twice = SpecJson.Serialize(SpecJson.Parse(once));
        Assert.Equal(once, twice);
    }

    [Fact]
    public void SpecBuiltInCodeRoundTripsThroughJson()
    {
        var spec = WithPairwise(m => m with
        {
            Kernel = KernelShape.SmoothBump,
            Kernels = [[KernelShape.SmoothBump, KernelShape.PolynomialBump], [KernelShape.PolynomialBump, KernelShape.SmoothBump]],
            Species = [m.Species[0] with { Initial = Mixture(0.25, UnitBox, 0.75, StandardGaussian) }, m.Species[1]],
        }) with { Time = new TimeGridSpec { Dt = 0.01, Horizon = 1.0 } };
        string once = SpecJson.Serialize(spec);
        var parsed = SpecJson.Parse(once);
        Assert.Equal(once, SpecJson.Serialize(parsed));
        var model = Assert.IsType<PairwiseModelSpec>(parsed.Model);
        Assert.Equal(KernelShape.PolynomialBump, model.ShapeOf(0, 1));
        Assert.IsType<MixtureDistribution>(model.Species[0].Initial);
        Assert.Null(parsed.Time.OutputTimes);
    }

    [Theory]
    [InlineData(W1)]
    [InlineData(W2)]
    public void SerializedSpecHasExactlyThePropertiesOfTheExample(string example)
    {
        var written = JsonNode.Parse(SpecJson.Serialize(Example(example)));
        var original = JsonNode.Parse(ExampleText(example));
        var writtenPaths = PropertyPaths(written);
        var originalPaths = PropertyPaths(original);
        Assert.Empty(writtenPaths.Except(originalPaths));   // nothing derived (e.g. stepCount) is written
        Assert.Empty(originalPaths.Except(writtenPaths));   // nothing the user wrote is lost
        Assert.True(JsonNode.DeepEquals(original, written), "the serialised spec differs in value from the example");
    }

    [Fact]
    public void ModelTypeAndEnumsSerialiseAsCamelCaseStrings()
    {
        var w1 = JsonNode.Parse(SpecJson.Serialize(Example(W1)))!;
        Assert.Equal("pairwise", w1["model"]!["type"]!.GetValue<string>());
        Assert.Equal("polynomialBump", w1["model"]!["kernel"]!.GetValue<string>());
        Assert.Equal("gaussian", w1["model"]!["species"]![0]!["initial"]!["type"]!.GetValue<string>());
        Assert.Equal("cos", w1["observables"]!["testFunctions"]![0]!["type"]!.GetValue<string>());

        var w2 = JsonNode.Parse(SpecJson.Serialize(Example(W2)))!;
        Assert.Equal("pressure", w2["model"]!["type"]!.GetValue<string>());
        Assert.Equal("smoothBump", w2["model"]!["mollifier"]!.GetValue<string>());
        Assert.Equal("grid", w2["model"]!["drift"]!["method"]!.GetValue<string>());

        var pairwiseDrift = WithPressure(m => m with { Exponent = 2.0, Drift = new PressureDriftSpec { Method = PressureDriftMethod.Pairwise } });
        var node = JsonNode.Parse(SpecJson.Serialize(pairwiseDrift))!;
        Assert.Equal("pairwise", node["model"]!["drift"]!["method"]!.GetValue<string>());

        var kernels = WithPairwise(m => m with
        {
            Kernel = KernelShape.SmoothBump,
            Kernels = [[KernelShape.SmoothBump, KernelShape.PolynomialBump], [KernelShape.PolynomialBump, KernelShape.SmoothBump]],
        });
        node = JsonNode.Parse(SpecJson.Serialize(kernels))!;
        Assert.Equal("smoothBump", node["model"]!["kernel"]!.GetValue<string>());
        Assert.Equal("polynomialBump", node["model"]!["kernels"]![0]![1]!.GetValue<string>());
    }

    [Fact]
    public void OmittedOptionalValuesAreNotWrittenAsNull()
    {
        string json = SpecJson.Serialize(WithTime(t => t with { OutputTimes = null }));
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"kernels\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"outputTimes\"", json, StringComparison.Ordinal);
    }

    // ================================================================ helpers

    private static SpecValidationException AssertRejected(SimulationSpec spec, string field, string expectation)
    {
        var e = Assert.Throws<SpecValidationException>(() => SpecValidator.Validate(spec));
        Assert.Equal(field, e.Field);
        Assert.StartsWith($"{field}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expectation, e.Message, StringComparison.Ordinal);
        return e;
    }

    private static SpecValidationException AssertParseRejected(string json, string field)
    {
        var e = Assert.Throws<SpecValidationException>(() => SpecJson.Parse(json));
        Assert.Equal(field, e.Field);
        Assert.StartsWith($"{field}: ", e.Message, StringComparison.Ordinal);
        return e;
    }

    private static SpecValidationException AssertParseRejectedAtOneOf(string json, string[] fields)
    {
        var e = Assert.Throws<SpecValidationException>(() => SpecJson.Parse(json));
        Assert.Contains(e.Field, fields);
        Assert.StartsWith($"{e.Field}: ", e.Message, StringComparison.Ordinal);
        return e;
    }

    private static string ExamplePath(string example) => Path.Combine(AppContext.BaseDirectory, "examples", example);

    private static string ExampleText(string example) => File.ReadAllText(ExamplePath(example));

    /// <summary>A fresh parse of the example, so no test shares an instance with another.</summary>
    private static SimulationSpec Example(string example) => SpecJson.Parse(ExampleText(example));

    private static SimulationSpec WithPairwise(Func<PairwiseModelSpec, PairwiseModelSpec> change)
    {
        var spec = Example(W1);
        return spec with { Model = change((PairwiseModelSpec)spec.Model) };
    }

    private static SimulationSpec WithPairwiseSpecies(int k, Func<PairwiseSpeciesSpec, PairwiseSpeciesSpec> change) =>
        WithPairwise(m => m with { Species = Replace(m.Species, k, change) });

    private static SimulationSpec WithPressure(Func<PressureModelSpec, PressureModelSpec> change)
    {
        var spec = Example(W2);
        return spec with { Model = change((PressureModelSpec)spec.Model) };
    }

    private static SimulationSpec WithPressureSpecies(int k, Func<PressureSpeciesSpec, PressureSpeciesSpec> change) =>
        WithPressure(m => m with { Species = Replace(m.Species, k, change) });

    private static SimulationSpec WithInitial(InitialDistribution initial) =>
        WithPairwiseSpecies(0, s => s with { Initial = initial });

    private static SimulationSpec WithTime(Func<TimeGridSpec, TimeGridSpec> change)
    {
        var spec = Example(W1);
        return spec with { Time = change(spec.Time) };
    }

    private static SimulationSpec WithObservables(Func<ObservablesSpec, ObservablesSpec> change)
    {
        var spec = Example(W1);
        return spec with { Observables = change(spec.Observables) };
    }

    private static SimulationSpec WithHistogram(Func<HistogramSpec, HistogramSpec> change) =>
        WithObservables(o => o with { Histogram = change(o.Histogram!) });

    private static SimulationSpec WithTestFunction(int q, TestFunctionSpec function) =>
        WithObservables(o => o with { TestFunctions = Replace(o.TestFunctions, q, _ => function) });

    private static T[] Replace<T>(IReadOnlyList<T> list, int index, Func<T, T> change) =>
        list.Select((item, i) => i == index ? change(item) : item).ToArray();

    private static IReadOnlyList<IReadOnlyList<double>> Identity2 => [[1.0, 0.0], [0.0, 1.0]];

    private static GaussianDistribution StandardGaussian => new() { Mean = [0.0, 0.0], Covariance = Identity2 };

    private static UniformBoxDistribution UnitBox => new() { Lower = [0.0, 0.0], Upper = [1.0, 1.0] };

    private static MixtureDistribution Mixture(double w0, InitialDistribution d0, double w1, InitialDistribution d1) =>
        new() { Components = [new MixtureComponent { Weight = w0, Distribution = d0 }, new MixtureComponent { Weight = w1, Distribution = d1 }] };

    // ---- JSON editing: the example text as a node tree, changed at a path like "model.species[1].sigma"

    private static string EditedJson(string example, Action<JsonNode> edit)
    {
        var root = JsonNode.Parse(ExampleText(example))!;
        edit(root);
        return root.ToJsonString();
    }

    private static string Join(string parent, string property) => parent.Length == 0 ? property : $"{parent}.{property}";

    private static JsonNode At(JsonNode root, string path)
    {
        var node = root;
        foreach (string part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            int bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = node[bracket < 0 ? part : part[..bracket]]!;
            if (bracket < 0) continue;
            foreach (Match index in Regex.Matches(part[bracket..], @"\[(\d+)\]"))
                node = node[int.Parse(index.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]!;
        }
        return node;
    }

    private static void SetAt(JsonNode root, string path, JsonNode? value)
    {
        if (path.EndsWith(']'))
        {
            int open = path.LastIndexOf('[');
            At(root, path[..open]).AsArray()[int.Parse(path[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            int dot = path.LastIndexOf('.');
            At(root, dot < 0 ? "" : path[..dot]).AsObject()[path[(dot + 1)..]] = value;
        }
    }

    /// <summary>Every property path in a JSON tree, array elements written as [].</summary>
    private static SortedSet<string> PropertyPaths(JsonNode? node)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string prefix)
        {
            switch (n)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj)
                    {
                        string path = Join(prefix, name);
                        paths.Add(path);
                        Walk(child, path);
                    }
                    break;
                case JsonArray array:
                    foreach (var child in array) Walk(child, prefix + "[]");
                    break;
            }
        }
        Walk(node, "");
        return paths;
    }

    // ---- kinds the validator does not know, as a future subtype or a bad deserialiser could produce

    private sealed record UnknownModelSpec : ModelSpec
    {
        public required IReadOnlyList<PairwiseSpeciesSpec> Species { get; init; }
        public override IReadOnlyList<SpeciesSpec> AllSpecies() => Species;
    }

    private sealed record UnknownDistribution : InitialDistribution;

    private sealed record ConstantFunction : TestFunctionSpec
    {
        public override double Evaluate(ReadOnlySpan<double> x) => 1.0;
    }
}
