using Npgsql;

namespace Ensemble.Storage;

/// <summary>
/// Where the PostgreSQL connection string comes from, and how it may be shown. The password must
/// never reach a log or an error message, so everything that prints a connection string prints
/// <see cref="Redact"/> of it.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>The environment variable read when no <c>--postgres</c> option is given.</summary>
    public const string EnvironmentVariable = "ENSEMBLE_POSTGRES";

    /// <summary>The option's value if given, else the environment variable's, else null (the embedded default).</summary>
    public static string? Resolve(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? option
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : null;

    /// <summary>Checks the syntax; the error names the option and never echoes the text (it may hold a password).</summary>
    public static void Validate(string connectionString, string field = "--postgres")
    {
        if (Problem(connectionString) is { } problem) throw new ArgumentException($"{field}: {problem}");
    }

    /// <summary>What is wrong with the connection string, as an expectation (never echoing the text), or null if it will do.</summary>
    public static string? Problem(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            return "a PostgreSQL connection string such as \"Host=localhost;Port=5432;Database=ensemble;Username=ensemble;Password=...\"; " +
                $"the one given does not parse ({Describe(e)})";
        }
        return string.IsNullOrEmpty(builder.Host) ? "a PostgreSQL connection string with Host=...; found none" : null;
    }

    /// <summary>The connection string with any password (the server's, a client certificate's) removed, for logs and messages.</summary>
    public static string Redact(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Password = null, SslPassword = null };
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(a connection string that does not parse)";
        }
    }

    // Npgsql's parse errors name the keyword, not the value; keep only that part.
    private static string Describe(ArgumentException e) => e.ParamName is { } keyword ? $"bad keyword or value for '{keyword}'" : "bad syntax";
}
