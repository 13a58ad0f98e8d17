namespace Ensemble.Jobs.Studies;

/// <summary>What a study's grid can vary: N per species, model A's eta, model B's eps, or the time step.</summary>
public enum StudyParameter
{
    Particles,
    Eta,
    Eps,
    Dt,
}

/// <summary>The spellings of <see cref="StudyParameter"/> in a study spec, tables and the database.</summary>
public static class StudyParameters
{
    public static string Name(this StudyParameter parameter) => parameter switch
    {
        StudyParameter.Particles => "particles",
        StudyParameter.Eta => "eta",
        StudyParameter.Eps => "eps",
        _ => "dt",
    };

    public static StudyParameter? Parse(string? text) => text switch
    {
        "particles" => StudyParameter.Particles,
        "eta" => StudyParameter.Eta,
        "eps" => StudyParameter.Eps,
        "dt" => StudyParameter.Dt,
        _ => null,
    };

    public const string Names = "\"particles\", \"eta\" (model A), \"eps\" (model B) or \"dt\"";
}
