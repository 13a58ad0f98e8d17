namespace Ensemble.Simulation.Studies;

/// <summary>Whether a fitted slope means anything; everything but <see cref="Meaningful"/> says why not.</summary>
public enum RateVerdict
{
    Meaningful,

    /// <summary>Fewer than three usable points: a line through two points has no error estimate.</summary>
    TooFewPoints,

    /// <summary>Some estimate is within two standard errors of zero or of its noise floor: its logarithm is noise.</summary>
    AtNoiseFloor,

    /// <summary>The 95% interval is wider than |slope|: the data do not pin the rate down.</summary>
    WiderThanSlope,
}
