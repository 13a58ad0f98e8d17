using System.Threading.Channels;
using Ensemble.Jobs;
using Microsoft.Extensions.Options;

namespace Ensemble.Grains.Runtime;

/// <summary>How much simulation a silo runs at once, and what it keeps compiled. Configuration section <c>Ensemble:Workers</c>.</summary>
public sealed class SimulationWorkerOptions
{
    public const string Section = "Ensemble:Workers";

    /// <summary>Dedicated simulation threads on this silo; default: one per core.</summary>
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>Distinct specs kept parsed and tabulated (one per running job is enough); past it the cache starts afresh.</summary>
    public int CompiledSpecs { get; set; } = 16;
}

public sealed class SimulationWorkerOptionsValidator : IValidateOptions<SimulationWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulationWorkerOptions o) => new OptionChecks(SimulationWorkerOptions.Section)
        .AtLeast(nameof(o.Workers), o.Workers, 1)
        .AtLeast(nameof(o.CompiledSpecs), o.CompiledSpecs, 1)
        .Result;
}

/// <summary>
/// Runs CPU-bound simulation work on a fixed set of dedicated threads, never on the grain scheduler
/// or the .NET thread pool that Orleans uses for messages — so a silo whose cores are all
/// simulating still answers status queries promptly. The queue is bounded (twice the workers):
/// callers wait for room, which is the backpressure that reaches the coordinator's dispatch window.
/// </summary>
public sealed class SimulationWorkerPool : IDisposable
{
    private readonly Channel<WorkItem> _queue;
    private readonly Thread[] _threads;
    private int _busy;

    public SimulationWorkerPool(IOptions<SimulationWorkerOptions> options)
    {
        int workers = Math.Max(1, options.Value.Workers);
        _queue = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(2 * workers) { SingleReader = false });
        _threads = Enumerable.Range(0, workers).Select(i => new Thread(Work)
        {
            IsBackground = true,
            Name = $"ensemble-simulation-{i}",
            // Normal priority: a lower one let unrelated processes on a shared host take the
            // silo's cores (measured in the E1 benchmark); queries stay prompt because these
            // threads are separate from the thread pool that processes messages.
            Priority = ThreadPriority.Normal,
        }).ToArray();
        foreach (var thread in _threads) thread.Start();
    }

    public int Workers => _threads.Length;

    /// <summary>Threads computing right now (for the dashboard's operations page).</summary>
    public int BusyWorkers => Volatile.Read(ref _busy);

    public async Task<T> Run<T>(Func<T> work, CancellationToken cancellation = default)
    {
        var item = new WorkItem<T>(work, cancellation);
        await _queue.Writer.WriteAsync(item, cancellation).ConfigureAwait(false);
        return await item.Completion.ConfigureAwait(false);
    }

    public void Dispose() => _queue.Writer.TryComplete();

    private void Work()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var item))
            {
                Interlocked.Increment(ref _busy);
                try
                {
                    item.Execute();
                }
                finally
                {
                    Interlocked.Decrement(ref _busy);
                }
            }
        }
    }

    private abstract class WorkItem
    {
        public abstract void Execute();
    }

    private sealed class WorkItem<T>(Func<T> work, CancellationToken cancellation) : WorkItem
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Completion => _completion.Task;

        public override void Execute()
        {
            if (cancellation.IsCancellationRequested)
            {
                // Given up on while it waited: do not spend a worker on it.
                _completion.SetCanceled(cancellation);
                return;
            }
            try
            {
                _completion.SetResult(work());
            }
            catch (Exception e)
            {
                _completion.SetException(e);
            }
        }
    }
}
