using System.Data.Common;
using Ensemble.Jobs.Errors;
using Ensemble.Storage;
using Microsoft.Extensions.Logging;

namespace Ensemble.Grains.Hosting;

/// <summary>
/// The grain boundary for failures: what leaves a grain call is the service's own serialisable
/// <see cref="EnsembleException"/> (kind and message), never a database driver's exception, which
/// has no Orleans codec (the client would get a CodecNotFoundException and a stack trace) and may
/// quote the statement. The original is logged here, on the silo.
/// </summary>
internal sealed partial class WireSafeExceptions(ILogger<WireSafeExceptions> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (WireSafe(e) is { } safe)
        {
            Converted(logger, context.InterfaceName, context.MethodName, e);
            throw safe;
        }
    }

    /// <summary>The exception to send instead of <paramref name="error"/>; null if it may cross as it is.</summary>
    public static EnsembleException? WireSafe(Exception error) => error switch
    {
        StoreException => null, // its driver exception (Cause) is not serialised
        EnsembleException { InnerException: not null } e => new EnsembleException(e.Kind, e.Field, e.Reason),
        EnsembleException => null,
        DbException or IOException or System.Net.Sockets.SocketException => PostgresErrors.ToStoreException(error, "a database call"),
        _ => null,
    };

    [LoggerMessage(2101, LogLevel.Warning, "{Interface}.{Method} failed; the caller gets the service's error in its place")]
    private static partial void Converted(ILogger logger, string @interface, string method, Exception error);
}
