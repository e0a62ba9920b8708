using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Stadium.Jobs.Worker;

namespace Stadium.Protection.Shedding;

/// <summary>
/// Dedicated threads below normal OS priority for password hashing, sized from the node's CPU (half the cores a
/// cgroup quota leaves it, at least one). A login storm then takes only CPU that reads leave idle: logins slow down,
/// the feed does not. The queue needs no bound of its own: login admission (Stadium:Auth:LoginConcurrency and
/// LoginQueue) lets only so many hashing requests in at once, and each runs at most two hashes in turn.
/// Priority alone does not protect reads under a CPU quota, so the threads also spend from a <see cref="HashingBudget"/>:
/// hashing takes at most what the rest of the node leaves of its CPU limit, less a headroom.
/// </summary>
internal sealed class HashingPool : IDisposable
{
    /// <summary>Linux nice value of the threads, as the job workers' (CFS gives a nice-10 thread about a tenth of a nice-0 one's share).</summary>
    public const int Niceness = 10;

    private readonly BlockingCollection<Action> _queue = new();
    private readonly Thread[] _threads;
    private readonly HashingBudget? _budget;
    private readonly int?[] _clocks;
    private int _lowered;

    public HashingPool(IOptions<SheddingOptions> options)
        : this(options.Value.HashingThreads, new HashingBudget(
            CpuLimit.Cores(), options.Value.HashingHeadroom, options.Value.HashingMinShare, TimeProvider.System, RefusalCost.ProcessCpuTime))
    {
    }

    /// <param name="threads">Hashes running at once.</param>
    /// <param name="budget">The CPU hashing may take; none: as much as the threads' priority gets.</param>
    public HashingPool(int threads, HashingBudget? budget = null)
    {
        _budget = budget;
        _threads = new Thread[Math.Max(1, threads)];
        _clocks = new int?[_threads.Length];
        using var started = new CountdownEvent(_threads.Length);
        for (var i = 0; i < _threads.Length; i++)
        {
            var index = i;
            _threads[i] = new Thread(() => Run(index, started)) { IsBackground = true, Name = $"stadium-hashing-{i + 1}" };
            _threads[i].Start();
        }

        // Each thread names its CPU clock as it starts; the budget reads them all from then on.
        started.Wait();
        if (_budget is not null && _clocks.All(c => c is not null))
        {
            _budget.HashingCpu = HashingCpu;
        }
    }

    /// <summary>The CPU time the pool's threads have used in all, hashes still running included (zero where the clocks cannot be read).</summary>
    public TimeSpan HashingCpu()
    {
        var total = TimeSpan.Zero;
        foreach (var clock in _clocks)
        {
            total += clock is { } c ? ThreadCpuTime.Read(c) ?? TimeSpan.Zero : TimeSpan.Zero;
        }

        return total;
    }

    public int Threads => _threads.Length;

    /// <summary>Cores hashing may use now (the processor count when the pool has no budget).</summary>
    public double AllowedCores => _budget?.Rate ?? Environment.ProcessorCount;

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

    private void Run(int index, CountdownEvent started)
    {
        if (OsThreadPriority.TryLowerCurrent(Niceness))
        {
            Interlocked.Increment(ref _lowered);
        }

        _clocks[index] = ThreadCpuTime.CurrentThreadClock();
        started.Signal();

        foreach (var work in _queue.GetConsumingEnumerable())
        {
            if (_budget is null)
            {
                work();
                continue;
            }

            for (var delay = _budget.DelayBeforeNext(); delay > TimeSpan.Zero; delay = _budget.DelayBeforeNext())
            {
                Thread.Sleep(delay);
            }

            var start = ThreadCpuTime.Current();
            work();
            _budget.Spent(ThreadCpuTime.Current() - start);
        }
    }
}
