namespace Ensemble.Grains.Interfaces;

/// <summary>How far a running realisation has got: steps done of its total (both 0 before it starts or after it ends).</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.RealisationProgress")]
public sealed record RealisationProgress([property: Id(0)] long StepsDone, [property: Id(1)] long StepsTotal)
{
    public static readonly RealisationProgress None = new(0, 0);
}
