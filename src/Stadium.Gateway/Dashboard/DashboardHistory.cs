using Microsoft.Extensions.Options;

namespace Stadium.Gateway.Dashboard;

/// <summary>
/// The last snapshots, at most <see cref="FleetDashboardOptions.Capacity"/> (the oldest dropped first), so a page opened
/// late draws the recent past at once. The sampler adds; page requests read concurrently and wait for the next snapshot
/// on <see cref="Changed"/>, a task completed (asynchronously, never on the sampler) at each add. Every page request
/// marks the dashboard viewed: the sampler only scrapes the fleet while someone looked within <see cref="IdleAfter"/>, so
/// a gateway nobody watches adds no requests to its nodes.
/// </summary>
internal sealed class DashboardHistory(IOptions<FleetDashboardOptions> options)
{
    private readonly Queue<FleetSecond> _seconds = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _viewedTicks = long.MinValue;
    private int _streams;

    /// <summary>How long after the last page request the sampler keeps scraping (a closed tab stops costing after this).</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);

    /// <summary>A page, snapshot or event-stream request saw the dashboard at <paramref name="at"/>.</summary>
    public void Viewed(DateTimeOffset at) => Interlocked.Exchange(ref _viewedTicks, at.UtcTicks);

    /// <summary>An event stream opened (it counts as watching until it closes).</summary>
    public void StreamOpened() => Interlocked.Increment(ref _streams);

    /// <summary>An event stream closed.</summary>
    public void StreamClosed() => Interlocked.Decrement(ref _streams);

    /// <summary>Whether a stream is open or anyone looked at the dashboard within <see cref="IdleAfter"/> of <paramref name="now"/>.</summary>
    public bool Watched(DateTimeOffset now)
    {
        var viewed = Interlocked.Read(ref _viewedTicks);
        return Volatile.Read(ref _streams) > 0 || (viewed != long.MinValue && now.UtcTicks - viewed <= IdleAfter.Ticks);
    }

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
