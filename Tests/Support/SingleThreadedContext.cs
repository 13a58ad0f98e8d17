using System.Collections.Concurrent;

namespace Ensemble.Tests.Support;

/// <summary>
/// Runs an async test body the way a grain runs its turns: every continuation on one dedicated
/// thread, one at a time. The job layer's dispatcher and checkpoint writer are written for that
/// contract (no locks), so their unit tests keep it without an Orleans cluster.
/// </summary>
public sealed class SingleThreadedContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public static Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var context = new SingleThreadedContext();
            SetSynchronizationContext(context);
            Task<T> task;
            try
            {
                task = body();
            }
            catch (Exception e)
            {
                completion.SetException(e);
                return;
            }
            task.ContinueWith(_ => context._queue.CompleteAdding(), TaskScheduler.Default);
            foreach (var (callback, state) in context._queue.GetConsumingEnumerable()) callback(state);
            if (task.IsFaulted) completion.SetException(task.Exception!.InnerExceptions);
            else if (task.IsCanceled) completion.SetCanceled();
            else completion.SetResult(task.Result);
        }) { IsBackground = true, Name = "single-threaded-test" };
        thread.Start();
        return completion.Task;
    }

    public static Task RunAsync(Func<Task> body) => RunAsync(async () =>
    {
        await body();
        return true;
    });

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            // Posted after the body finished: nothing is left to run it for.
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("synchronous sends would deadlock the single thread");

    public override SynchronizationContext CreateCopy() => this;
}
