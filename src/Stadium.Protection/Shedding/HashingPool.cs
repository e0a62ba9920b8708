using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Stadium.Jobs.Worker;

namespace Stadium.Protection.Shedding;

/// <summary>
/// Dedicated threads below normal OS priority for password hashing, sized from the node's CPU (half the cores a
/// cgroup quota leaves it, at least one). A login storm then takes only CPU that reads leave idle: logins slow down,
/// the feed does not. The queue needs no bound of its own: login admission (Stadium:Auth:LoginConcurrency and
/// LoginQueue) lets only so many hashing requests in at once, and each runs at most two hashes in turn.
/// </summary>
internal sealed class HashingPool : IDisposable
{
    /// <summary>Linux nice value of the threads, as the job workers' (CFS gives a nice-10 thread about a tenth of a nice-0 one's share).</summary>
    public const int Niceness = 10;

    private readonly BlockingCollection<Action> _queue = new();
    private readonly Thread[] _threads;
    private int _lowered;

    public HashingPool(IOptions<SheddingOptions> options)
        : this(options.Value.HashingThreads)
    {
    }

    public HashingPool(int threads)
    {
        _threads = new Thread[Math.Max(1, threads)];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"stadium-hashing-{i + 1}" };
            _threads[i].Start();
        }
    }

    public int Threads => _threads.Length;

    /// <summary>Whether the threads really run below normal priority (false where the OS refused).</summary>
    public bool Lowered => Volatile.Read(ref _lowered) == _threads.Length;

    /// <summary>Runs CPU-bound work on the pool; a request cancelled before its turn never runs.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken ct)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(() =>
        {
            if (ct.IsCancellationRequested)
            {
                done.TrySetCanceled(ct);
                return;
            }

            try
            {
                done.TrySetResult(work());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>Stops taking work; the threads finish what is queued and end.</summary>
    public void Dispose() => _queue.CompleteAdding();

    private void Run()
    {
        if (OsThreadPriority.TryLowerCurrent(Niceness))
        {
            Interlocked.Increment(ref _lowered);
        }

        foreach (var work in _queue.GetConsumingEnumerable())
        {
            work();
        }
    }
}
