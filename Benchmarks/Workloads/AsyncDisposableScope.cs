namespace Ensemble.Benchmarks.Workloads;

/// <summary>Lets synchronous benchmark code hold an async-disposable resource in a using block.</summary>
public sealed class AsyncDisposableScope<T>(T value) : IDisposable where T : IAsyncDisposable
{
    public T Value => value;

    public void Dispose() => value.DisposeAsync().AsTask().GetAwaiter().GetResult();
}

public static class AsyncDisposableScope
{
    public static AsyncDisposableScope<T> AsDisposable<T>(this T value) where T : IAsyncDisposable => new(value);
}
