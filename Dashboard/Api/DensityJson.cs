namespace Ensemble.Dashboard.Api;

/// <summary>
/// One species' density at one output time: the histogram's box and bins (bin i numbers x fastest), the bin centres per axis, the
/// ensemble-averaged histogram (mean density per bin over <see cref="Count"/> realisations, with its 95% CI), and each solved
/// equation's PDE density. <see cref="Times"/> and <see cref="SpeciesChoices"/> are what the page may ask for next.
/// </summary>
public sealed record DensityJson(
    string JobId, string Species, double Time, int Dimension, double[] Lower, double[] Upper, int[] Bins, double[][] Centres, long Count,
    double?[] Mean, double?[] CiLow, double?[] CiHigh, PdeDensityJson[] Pde, double[] Times, string[] SpeciesChoices);

/// <summary>
/// One equation's density at the same time and species: its cell averages on its own grid (<see cref="X"/>, <see cref="Density"/>;
/// in 1D only, where a line shows the grid's resolution) and its averages over the histogram's bins (<see cref="BinAverages"/>, the
/// job's <c>limit_histogram</c> estimates; what a 2D heat map and the difference use), each null when the job has none.
/// </summary>
public sealed record PdeDensityJson(string Equation, double[]? X, double?[]? Density, double?[]? BinAverages);
