namespace Ensemble.Grains.Hosting;

/// <summary>Names of the grain-storage providers the grains use.</summary>
public static class EnsembleStorage
{
    public const string Jobs = "jobs";
}
