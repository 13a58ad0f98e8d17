using Ensemble.Jobs.Contracts;
using Ensemble.Simulation.Specs;
using Ensemble.Tests.Service.Limits;
using Ensemble.Tests.Support;

namespace Ensemble.Tests.Dashboard;

/// <summary>
/// Small jobs with a limit section and a histogram for the job page's tests: model A in d = 1 (8 particles a species, 4 steps,
/// both equations on a grid of h = 0.1, coupled to the intermediate and limit processes) and in d = 2 (the same on 12 x 12 bins);
/// each runs in well under a second of simulation.
/// </summary>
public static class DashboardJobPageSamples
{
    public static readonly double[] Times = [0.0, 2e-3, 4e-3];

    public const int Bins1D = 16;

    public static JobSubmission Limit1D(int realisations) => Service.Jobs.Submission(SpecValidator.Validate(LimitSamples.Solvable() with
    {
        Observables = new ObservablesSpec { Histogram = new HistogramSpec { Lower = [-2.0], Upper = [2.0], Bins = [Bins1D] } },
        Limit = LimitSamples.Solvable().Limit! with { Coupled = [CoupledProcess.Intermediate, CoupledProcess.Limit] },
    }), realisations);

    public static JobSubmission Limit2D(int realisations)
    {
        var spec = TestSpecs.Pairwise(2, 8, [[0.5, 0.2], [0.2, 0.5]], eta: 0.4, steps: 4);
        return Service.Jobs.Submission(SpecValidator.Validate(spec with
        {
            Time = new TimeGridSpec { Dt = 1e-3, Horizon = 4e-3, OutputTimes = Times },
            Observables = new ObservablesSpec { Histogram = new HistogramSpec { Lower = [-2.0, -2.0], Upper = [2.0, 2.0], Bins = [12, 12] } },
            Limit = new LimitSpec { Equations = [LimitEquation.Nonlocal, LimitEquation.Local], CellSize = 0.2 },
        }), realisations);
    }

    /// <summary>A quick job whose stop rule asks for an se of <paramref name="targetSe"/> on s0's mean x at the end.</summary>
    public static JobSubmission Stopping(int realisations, double targetSe)
    {
        var spec = TestSpecs.Pairwise(1, 20, TestSpecs.Matrix(2, 1.0));
        return Service.Jobs.Submission(SpecValidator.Validate(spec with
        {
            Stop = new StopSpec { Observable = "mean", Species = "s0", Time = spec.Time.Horizon, Component = "x", TargetSe = targetSe, MinRealisations = 8 },
        }), realisations);
    }
}
