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
    public static async Task<T> RunAsync<T>(NpgsqlDataSource database, string what, Func<Task<T>> work)
    {
        try
        {
            try
            {
                return await work();
            }
            catch (Exception e) when (PostgresErrors.IsBrokenConnection(e))
            {
                // Every idle connection to that server is as stale as this one; the Orleans providers'
                // pools (same server, their own connection strings) are cleared with ours.
                database.Clear();
                NpgsqlConnection.ClearAllPools();
                return await work();
            }
        }
        catch (Exception e) when (e is not StoreException and not OperationCanceledException)
        {
            throw PostgresErrors.ToStoreException(e, what);
        }
    }

    public static Task RunAsync(NpgsqlDataSource database, string what, Func<Task> work) =>
        RunAsync(database, what, async () =>
        {
            await work();
            return true;
        });
}
