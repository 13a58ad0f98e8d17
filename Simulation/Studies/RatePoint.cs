namespace Ensemble.Simulation.Studies;

/// <summary>
/// One point of a convergence study for one observable: the grid parameter (N, eta, eps or dt), the estimate there and
/// its standard error, and optionally the noise floor the estimate cannot go below (a distance's sampling floor) with
/// its standard error.
/// </summary>
public sealed record RatePoint(double Parameter, double Value, double StandardError, double? Floor = null, double? FloorStandardError = null);
