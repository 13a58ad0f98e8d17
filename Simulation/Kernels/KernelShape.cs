namespace Ensemble.Simulation.Kernels;

/// <summary>The radial profile of a potential or mollifier, supported in the unit ball.</summary>
public enum KernelShape
{
    /// <summary>phi(r) = (1 - r^2)^3 for r &lt; 1: C^2, the minimum the mean-field theorems ask of V.</summary>
    PolynomialBump,

    /// <summary>phi(r) = exp(-1 / (1 - r^2)) for r &lt; 1: C-infinity, the classical mollifier.</summary>
    SmoothBump,
}
