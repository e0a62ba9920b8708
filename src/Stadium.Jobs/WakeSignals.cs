using System.Collections.Concurrent;

namespace Stadium.Jobs;

/// <summary>Per job type, a wake-up for idle workers: set by an enqueue in this process or a NOTIFY from another.</summary>
internal sealed class WakeSignals
{
    private readonly ConcurrentDictionary<string, Signal> _signals = new(StringComparer.Ordinal);

    public void Wake(string type) => _signals.GetOrAdd(type, _ => new Signal()).Set();

    public void WakeAll()
    {
        foreach (var signal in _signals.Values)
        {
            signal.Set();
        }
    }

    public Task WaitAsync(string type, TimeSpan timeout, TimeProvider time, CancellationToken ct) =>
        _signals.GetOrAdd(type, _ => new Signal()).WaitAsync(timeout, time, ct);

    /// <summary>An auto-reset event: a wake-up that arrives while nobody waits is kept for the next wait.</summary>
    private sealed class Signal
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Set()
        {
            TaskCompletionSource current;
            lock (_lock)
            {
                current = _next;
            }

            current.TrySetResult();
        }

        public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
        {
            Task wait;
            lock (_lock)
            {
                wait = _next.Task;
            }

            if (!wait.IsCompleted)
            {
                try
                {
                    await wait.WaitAsync(timeout, time, ct);
                }
                catch (TimeoutException)
                {
                    return;
                }
            }

            lock (_lock)
            {
                if (_next.Task == wait)
                {
                    _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
    }
}
