using Ensemble.Simulation.Limits.Reporting;

namespace Ensemble.Jobs.Contracts;

/// <summary>The wire form of the core's <see cref="LimitRow"/> (the core knows nothing of Orleans).</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.LimitRow")]
public readonly record struct LimitRowSurrogate(
    [property: Id(0)] string Equation,
    [property: Id(1)] string Species,
    [property: Id(2)] double Time,
    [property: Id(3)] string Observable,
    [property: Id(4)] string Component,
    [property: Id(5)] double Value);

[RegisterConverter]
public sealed class LimitRowConverter : IConverter<LimitRow, LimitRowSurrogate>
{
    public LimitRow ConvertFromSurrogate(in LimitRowSurrogate s) => new(s.Equation, s.Species, s.Time, s.Observable, s.Component, s.Value);

    public LimitRowSurrogate ConvertToSurrogate(in LimitRow r) => new(r.Equation, r.Species, r.Time, r.Observable, r.Component, r.Value);
}

/// <summary>The wire form of the core's <see cref="LimitDensity"/>.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.LimitDensity")]
public readonly record struct LimitDensitySurrogate(
    [property: Id(0)] string Equation,
    [property: Id(1)] string Species,
    [property: Id(2)] double Time,
    [property: Id(3)] double[] Values);

[RegisterConverter]
public sealed class LimitDensityConverter : IConverter<LimitDensity, LimitDensitySurrogate>
{
    public LimitDensity ConvertFromSurrogate(in LimitDensitySurrogate s) => new(s.Equation, s.Species, s.Time, s.Values);

    public LimitDensitySurrogate ConvertToSurrogate(in LimitDensity d) => new(d.Equation, d.Species, d.Time, d.Values);
}

/// <summary>The wire form of the core's <see cref="LimitDiagnosticsRow"/>.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.LimitDiagnosticsRow")]
public readonly record struct LimitDiagnosticsSurrogate(
    [property: Id(0)] string Equation,
    [property: Id(1)] double[] Lower,
    [property: Id(2)] int[] Cells,
    [property: Id(3)] double Spacing,
    [property: Id(4)] int Steps,
    [property: Id(5)] double TimeStep,
    [property: Id(6)] string Convolution,
    [property: Id(7)] double MassDrift,
    [property: Id(8)] double MassAtBoundary,
    [property: Id(9)] double MinimumDensity,
    [property: Id(10)] double ElapsedSeconds);

[RegisterConverter]
public sealed class LimitDiagnosticsConverter : IConverter<LimitDiagnosticsRow, LimitDiagnosticsSurrogate>
{
    public LimitDiagnosticsRow ConvertFromSurrogate(in LimitDiagnosticsSurrogate s) =>
        new(s.Equation, s.Lower, s.Cells, s.Spacing, s.Steps, s.TimeStep, s.Convolution, s.MassDrift, s.MassAtBoundary, s.MinimumDensity, s.ElapsedSeconds);

    public LimitDiagnosticsSurrogate ConvertToSurrogate(in LimitDiagnosticsRow d) =>
        new(d.Equation, d.Lower, d.Cells, d.Spacing, d.Steps, d.TimeStep, d.Convolution, d.MassDrift, d.MassAtBoundary, d.MinimumDensity, d.ElapsedSeconds);
}
