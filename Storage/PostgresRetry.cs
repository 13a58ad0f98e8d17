using Ensemble.Jobs.Errors;
using Npgsql;

namespace Ensemble.Storage;

/// <summary>
/// Runs one unit of database work for the service. A broken connection (the pool still held
/// connections the server closed when it restarted) clears the pools and runs the work once more,
/// so the first call after an outage succeeds; any failure leaves as a classified
/// <see cref="StoreException"/>, never as a driver exception. The work must be safe to run twice
/// (each checkpoint is one all-or-nothing, idempotent transaction).
/// </summary>
public static class PostgresRetry
{
    /// <param name="database">The data source whose pool is cleared with all others; null where the caller has none of its own (Orleans' providers).</param>
    /// <param name="storeError">
    /// The database failure inside an exception, to classify, or null to let the exception pass as it
    /// is; by default every exception but the service's own and a cancellation is one.
    /// </param>
    public static async Task<T> RunAsync<T>(NpgsqlDataSource? database, string what, Func<Task<T>> work,
        Func<Exception, Exception?>? storeError = null)
    {
        storeError ??= e => e is StoreException or OperationCanceledException ? null : e;
        try
        {
            try
            {
                return await work();
            }
            catch (Exception e) when (PostgresErrors.DriverError(e) is { } driver && PostgresErrors.IsBrokenConnection(driver))
            {
                // Every idle connection to that server is as stale as this one; the Orleans providers'
                // pools (same server, their own connection strings) are cleared with ours.
                database?.Clear();
                NpgsqlConnection.ClearAllPools();
                return await work();
            }
        }
        catch (Exception e) when (storeError(e) is { } error)
        {
            throw PostgresErrors.ToStoreException(error, what);
        }
    }

    public static Task RunAsync(NpgsqlDataSource? database, string what, Func<Task> work, Func<Exception, Exception?>? storeError = null) =>
        RunAsync(database, what, async () =>
        {
            await work();
            return true;
        }, storeError);
}
