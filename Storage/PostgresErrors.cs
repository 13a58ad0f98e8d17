using System.Net.Sockets;
using Ensemble.Jobs.Errors;
using Npgsql;

namespace Ensemble.Storage;

/// <summary>
/// Turns what Npgsql throws into a <see cref="StoreFailure"/> by SQLSTATE class, so the job layer
/// can retry what may pass (a connection lost, a server restarting, a serialization conflict) and
/// give up on what never will (a constraint or data error, a bad statement).
/// </summary>
public static class PostgresErrors
{
    /// <summary>The SQLSTATE the fencing check raises (see migration 003): a newer activation owns the job.</summary>
    public const string FencedState = "EF001";

    public static StoreFailure Classify(Exception error) => error switch
    {
        PostgresException { SqlState: FencedState } => StoreFailure.Fenced,
        PostgresException p => ClassifyState(p.SqlState) ?? (p.IsTransient ? StoreFailure.Transient : StoreFailure.Permanent),
        // Client side: the connection could not be made or broke, a timeout, a stream error.
        NpgsqlException or TimeoutException or IOException or SocketException => StoreFailure.Transient,
        // A value the driver could not write (out of range, wrong type): the same data fails again.
        ArgumentException or InvalidCastException or OverflowException or FormatException => StoreFailure.Permanent,
        _ => StoreFailure.Transient,
    };

    /// <summary>By SQLSTATE: null where the code alone does not say.</summary>
    public static StoreFailure? ClassifyState(string state) => state switch
    {
        "40001" or "40P01" => StoreFailure.Transient,             // serialization failure, deadlock
        "57P01" or "57P02" or "57P03" => StoreFailure.Transient,  // admin shutdown, crash shutdown, cannot connect now
        "57014" or "55P03" => StoreFailure.Transient,             // statement cancelled (timeout), lock not available
        _ when state.StartsWith("08", StringComparison.Ordinal) => StoreFailure.Transient, // connection exception
        _ when state.StartsWith("53", StringComparison.Ordinal) => StoreFailure.Transient, // insufficient resources
        _ when state.StartsWith("23", StringComparison.Ordinal) => StoreFailure.Permanent, // integrity constraint violation
        _ when state.StartsWith("22", StringComparison.Ordinal) => StoreFailure.Permanent, // data exception
        _ when state.StartsWith("42", StringComparison.Ordinal) => StoreFailure.Permanent, // syntax error or undefined object
        _ when state.StartsWith("28", StringComparison.Ordinal) => StoreFailure.Permanent, // invalid authorization
        _ => null,
    };

    /// <summary>
    /// The connection itself is gone (a pooled connection the server closed while it was idle, a
    /// server that restarted): the same command on a fresh connection may well succeed.
    /// </summary>
    public static bool IsBrokenConnection(Exception error) => error switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03",
        NpgsqlException n => n.IsTransient && n.InnerException is IOException or SocketException or TimeoutException or null,
        _ => false,
    };

    /// <summary>The driver's exception in <paramref name="error"/>'s chain (a provider may wrap it), or null.</summary>
    public static NpgsqlException? DriverError(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
            if (e is NpgsqlException driver) return driver;
        return null;
    }

    /// <summary>The service's exception for <paramref name="error"/>: its class and a message naming what failed, never the connection string.</summary>
    public static StoreException ToStoreException(Exception error, string what)
    {
        var failure = Classify(error);
        string code = error is PostgresException p ? $" ({p.SqlState})" : "";
        string reason = failure switch
        {
            StoreFailure.Fenced => $"{what}: {(error as PostgresException)?.MessageText ?? error.Message}",
            StoreFailure.Permanent => $"{what} was refused{code}: {Describe(error)}",
            _ => $"{what} failed, the database is unreachable or restarting{code}: {Describe(error)}",
        };
        return new StoreException(failure, reason, error);
    }

    private static string Describe(Exception error) => error is PostgresException p ? p.MessageText : error.GetBaseException().Message;
}
