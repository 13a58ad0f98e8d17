using Ensemble.Storage;
using Npgsql;

namespace Ensemble.Silo;

/// <summary>
/// The connection string checked before the silo starts, so a mistake ends in one line and an
/// exit code instead of Orleans' start-up failure and its stack traces: a string that does not
/// parse (exit 2), or a database that does not answer within a few seconds (exit 3).
/// </summary>
internal static class DatabaseCheck
{
    public const int Invalid = 2;
    public const int Unreachable = 3;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Null when the database answers; otherwise the exit code, with the line already written to stderr.</summary>
    public static int? Refuse(string connectionString)
    {
        if (PostgresConnectionString.Problem(connectionString) is { } problem)
            return Fail($"invalid option --postgres: {problem}", Invalid);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                using var database = NpgsqlDataSource.Create(connectionString);
                using var connection = database.OpenConnection();
                return null;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException or TimeoutException)
            {
                // A database still starting is waited for briefly; anything else is final.
                if (e is NpgsqlException { IsTransient: true } && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(1));
                    continue;
                }
                return Fail($"cannot reach the database {PostgresConnectionString.Redact(connectionString)}: " +
                    e.GetBaseException().Message.ReplaceLineEndings(" "), Unreachable);
            }
        }
    }

    private static int Fail(string line, int code)
    {
        Console.Error.WriteLine($"error: {line}");
        return code;
    }
}
