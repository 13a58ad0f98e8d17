namespace Ensemble.Tests.Support;

/// <summary>
/// The trait that marks tests of whole processes (silo processes killed and restarted, child
/// processes under other JIT settings): tens of seconds each. CI runs everything; a developer can
/// run the fast suite alone with <c>dotnet test --filter "Category!=Slow"</c>.
/// </summary>
public static class Slow
{
    public const string Category = "Category";
    public const string Value = "Slow";
}
