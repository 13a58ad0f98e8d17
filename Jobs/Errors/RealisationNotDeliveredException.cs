namespace Ensemble.Jobs.Errors;

/// <summary>
/// An attempt whose call never reached a worker: it could not be addressed or sent (a silo that died and is not yet
/// declared dead still owns part of the grain directory, and calls through it fail at once). Nothing was computed, so the
/// dispatcher does not count it against MaxAttempts; it sends the seed again after a back-off, which gives the cluster
/// time to declare the dead silo.
/// </summary>
public sealed class RealisationNotDeliveredException(string message, Exception inner) : Exception(message, inner);
