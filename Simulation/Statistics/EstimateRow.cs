namespace Ensemble.Simulation.Statistics;

/// <summary>
/// One tidy row of ensemble estimates (CSV header
/// <c>observable,species,time,component,count,mean,se,ci_low,ci_high,min,max</c>): the estimate over
/// <paramref name="Count"/> realisations, its standard error, a 95% Student-t interval, and the range
/// over realisations (NaN for derived statistics, which have no per-realisation value). Anything
/// that cannot be estimated from so few realisations (se with R = 1) is NaN.
/// </summary>
public sealed record EstimateRow(
    string Observable,
    string Species,
    double Time,
    string Component,
    long Count,
    double Mean,
    double StandardError,
    double CiLow,
    double CiHigh,
    double Min,
    double Max);
