using Ensemble.Storage;
using Xunit;

namespace Ensemble.Tests.Persistence;

/// <summary>A connection string is shown only without its secrets, and a bad one is refused without being echoed.</summary>
public sealed class PostgresConnectionStringTests
{
    private const string Secret = "s3cr3t-Value";

    [Fact]
    public void RedactRemovesTheServerAndTheCertificatePassword()
    {
        string redacted = PostgresConnectionString.Redact($"Host=db;Database=e;Username=u;Password={Secret};SSL Password={Secret}x");
        Assert.DoesNotContain(Secret, redacted);
        Assert.Contains("Host=db", redacted);
    }

    [Theory]
    [InlineData($"Host=db;Port=notaport;Password={Secret}")]
    [InlineData($"Host=db;Password=\"{Secret}")]
    [InlineData($"Password={Secret}")]
    public void ABadConnectionStringIsRefusedNamingTheOptionWithoutEchoingIt(string connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresConnectionString.Validate(connectionString));
        Assert.StartsWith("--postgres:", error.Message);
        Assert.DoesNotContain(Secret, error.Message);
    }
}
