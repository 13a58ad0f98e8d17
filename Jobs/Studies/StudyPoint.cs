using System.Globalization;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Jobs.Studies;

/// <summary>
/// One grid point of a study: its index (row-major over the grid, the first axis slowest), its job's id
/// (<c>&lt;study&gt;.p&lt;index&gt;</c>), the parameter values it runs at (the grid's, then a tied eps) and its job.
/// </summary>
public sealed record StudyPoint(int Index, string JobId, IReadOnlyList<ParameterValue> Parameters, JobSubmission Submission)
{
    /// <summary>The value of <paramref name="parameter"/> at this point, or null when the grid does not set it.</summary>
    public double? ValueOf(StudyParameter parameter) => Parameters.FirstOrDefault(p => p.Parameter == parameter)?.Value;

    /// <summary>e.g. <c>particles=250, eps=0.31</c>.</summary>
    public string Describe() => string.Join(", ", Parameters.Select(p => p.ToString()));

    /// <summary>The id of point <paramref name="index"/>'s job.</summary>
    public static string JobIdOf(string studyId, int index) => $"{studyId}.p{index.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>A parameter's value at a point; <see cref="Tied"/> when it follows another (eps from N) rather than the grid.</summary>
[GenerateSerializer, Immutable, Alias("Ensemble.ParameterValue")]
public sealed record ParameterValue([property: Id(0)] StudyParameter Parameter, [property: Id(1)] double Value, [property: Id(2)] bool Tied = false)
{
    public override string ToString() => $"{Parameter.Name()}={Value.ToString("G6", CultureInfo.InvariantCulture)}";
}
