namespace Ensemble.Simulation.Limits.Reporting;

/// <summary>
/// One tidy value of a solved limit (CSV header <c>equation,species,time,observable,component,value</c>):
/// a moment of one species' PDE density at one time, computed exactly for the piecewise-constant
/// density (<see cref="DensityMoments"/>), in the particle observables' names and components.
/// </summary>
public sealed record LimitRow(string Equation, string Species, double Time, string Observable, string Component, double Value);

/// <summary>One species' cell averages at one time of one equation, flattened as the equation's grid says (x fastest).</summary>
public sealed record LimitDensity(string Equation, string Species, double Time, double[] Values);

/// <summary>
/// How one equation was solved (the <see cref="LimitDiagnostics"/> with its grid): the grid's lower
/// corner, cells per axis and spacing h, then steps, time step, convolution, mass drift, mass at the
/// boundary, minimum density and the solve's wall time.
/// </summary>
public sealed record LimitDiagnosticsRow(
    string Equation,
    double[] Lower,
    int[] Cells,
    double Spacing,
    int Steps,
    double TimeStep,
    string Convolution,
    double MassDrift,
    double MassAtBoundary,
    double MinimumDensity,
    double ElapsedSeconds)
{
    public UniformGrid Grid() => new(Lower, Cells, Spacing);
}
