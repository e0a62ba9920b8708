using Microsoft.Extensions.Options;

namespace Stadium.Gateway.Dashboard;

/// <summary>
/// The last snapshots, at most <see cref="FleetDashboardOptions.Capacity"/> (the oldest dropped first), so a page opened
/// late draws the recent past at once. The sampler adds; page requests read concurrently and wait for the next snapshot
/// on <see cref="Changed"/>, a task completed (asynchronously, never on the sampler) at each add.
/// </summary>
internal sealed class DashboardHistory(IOptions<FleetDashboardOptions> options)
{
    private readonly Queue<FleetSecond> _seconds = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Changed
    {
        get
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }
    }

    public void Add(FleetSecond second)
    {
        lock (_lock)
        {
            _seconds.Enqueue(second);
            while (_seconds.Count > options.Value.Capacity)
            {
                _seconds.Dequeue();
            }

            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.SetResult();
        }
    }

    /// <summary>The kept snapshots with a <see cref="FleetSecond.Seq"/> above <paramref name="after"/>, oldest first.</summary>
    public IReadOnlyList<FleetSecond> After(long after)
    {
        lock (_lock)
        {
            return [.. _seconds.Where(s => s.Seq > after)];
        }
    }
}
