using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace Ensemble.Tests.Architecture;

/// <summary>
/// Dependencies point one way (see the README's architecture): the numerics know nothing of the
/// service, the job layer nothing of grains, clusters or SQL, storage nothing of grains, and the
/// command line uses the server assembly only to host the embedded silo.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Which production project may reference which (directly).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Simulation"] = [],
        ["Jobs"] = ["Simulation"],
        ["Storage"] = ["Jobs"],
        ["Grains.Interfaces"] = ["Jobs"],
        ["Grains"] = ["Grains.Interfaces", "Jobs", "Storage"],
        ["Silo"] = ["Grains", "Dashboard"],
        ["Reports"] = ["Simulation"],
        // The web dashboard reads through the grain interfaces and the job tables; nothing below it knows it exists.
        ["Dashboard"] = ["Jobs", "Storage", "Grains.Interfaces", "Reports"],
        ["Client"] = ["Jobs", "Storage", "Grains.Interfaces", "Grains", "Reports", "Dashboard"],
    };

    [Fact]
    public void ProjectsReferenceOnlyTheLayersBelowThem()
    {
        string root = RepositoryRoot();
        foreach (var (project, allowed) in Allowed)
        {
            var path = Path.Combine(root, project, $"{project}.csproj");
            var references = XDocument.Load(path).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToArray();
            Assert.All(references, r => Assert.True(allowed.Contains(r), $"{project} must not reference {r} (allowed: {string.Join(", ", allowed)})"));
        }
    }

    [Theory]
    [InlineData("Ensemble.Simulation")]
    [InlineData("Ensemble.Jobs")]
    [InlineData("Ensemble.Storage")]
    public void TheLowerLayersLoadNoOrleansRuntime(string assembly)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.DoesNotContain(references, r => r.StartsWith("Orleans", StringComparison.Ordinal)
            && !r.StartsWith("Orleans.Serialization", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Ensemble.Grains", StringComparison.Ordinal));
        if (assembly != "Ensemble.Storage") Assert.DoesNotContain("Npgsql", references);
        if (assembly == "Ensemble.Simulation") Assert.DoesNotContain(references, r => r.StartsWith("Orleans", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCommandLineUsesTheServerAssemblyOnlyToHostTheEmbeddedSilo()
    {
        string client = Path.Combine(RepositoryRoot(), "Client");
        var offending = Directory.EnumerateFiles(client, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select(line => (File: Path.GetFileName(f), Line: line.Trim())))
            .Where(x => x.Line.StartsWith("using Ensemble.Grains", StringComparison.Ordinal)
                        && x.Line is not "using Ensemble.Grains.Hosting;" and not "using Ensemble.Grains.Interfaces;")
            .ToArray();
        Assert.True(offending.Length == 0, string.Join("; ", offending.Select(x => $"{x.File}: {x.Line}")));
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ensemble.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Ensemble.sln above {AppContext.BaseDirectory}");
    }
}
