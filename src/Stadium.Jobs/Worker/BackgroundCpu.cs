using System.Collections.Concurrent;

namespace Stadium.Jobs.Worker;

/// <summary>
/// A task scheduler whose threads run below normal OS priority, for CPU-heavy job handlers (PDF
/// rendering). On the embedded default the workers share the API's cores; at a lower priority a
/// running export takes only CPU that requests leave idle, so a burst of exports slows itself down
/// instead of the feed. Awaits inside a handler started here resume here (they capture
/// <see cref="TaskScheduler.Current"/>), so the whole handler stays low priority.
/// </summary>
internal sealed class BackgroundCpu : TaskScheduler, IDisposable
{
    /// <summary>Linux nice value of the threads: CFS gives a nice-10 thread about a tenth of a nice-0 one's share.</summary>
    public const int Niceness = 10;

    [ThreadStatic]
    private static BackgroundCpu? _current;

    private readonly BlockingCollection<Task> _queue = new();
    private readonly Thread[] _threads;
    private int _disposed;

    public BackgroundCpu(int threads)
    {
        _threads = new Thread[Math.Max(1, threads)];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"stadium-background-{i + 1}" };
            _threads[i].Start();
        }
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>Whether the threads really run below normal priority (false where the OS refused).</summary>
    public bool Lowered { get; private set; }

    /// <summary>Runs an async operation on these threads; its continuations stay on them.</summary>
    public Task RunAsync(Func<Task> operation, CancellationToken ct) =>
        Task.Factory.StartNew(operation, ct, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    /// <summary>Stops taking work; the threads finish what is queued and end. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _queue.CompleteAdding();
        }
    }

    protected override void QueueTask(Task task)
    {
        try
        {
            _queue.Add(task);
        }
        catch (InvalidOperationException)
        {
            // Shut down: a late continuation (a handler still unwinding) runs on the thread pool instead.
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Scheduler.TryExecuteTask(state.Task), (Scheduler: this, Task: task), preferLocal: false);
        }
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        _current == this && !taskWasPreviouslyQueued && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void Run()
    {
        _current = this;
        Lowered = OsThreadPriority.TryLowerCurrent(Niceness) || Lowered;
        foreach (var task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }
}
