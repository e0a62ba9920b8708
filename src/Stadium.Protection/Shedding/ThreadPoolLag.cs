using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Stadium.Protection.Shedding;

/// <summary>
/// Measures how long a work item waits in the thread pool's queue (the lag Node.js calls event-loop delay): a
/// dedicated thread, outside the pool, queues a probe every few milliseconds and the probe notes how late it ran.
/// Kestrel dispatches socket reads through the same queue, so the lag is how long a newly arrived request waits
/// before the node even parses it. Each <see cref="SheddingOptions.Window"/> the smallest lag goes to
/// <see cref="PriorityThreshold"/>.
/// </summary>
internal sealed class ThreadPoolLag(PriorityThreshold threshold, IOptions<SheddingOptions> options) : IHostedService
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(5);

    private readonly SheddingOptions _options = options.Value;
    private Thread? _thread;
    private volatile bool _stopping;
    private long _minLagTicks = long.MaxValue;
    private long _lastLagTicks;

    /// <summary>The last probe's lag.</summary>
    public TimeSpan Last => TimeSpan.FromTicks(Volatile.Read(ref _lastLagTicks));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "stadium-lag-probe" };
            _thread.Start();
        }

        return Task.CompletedTask;
    }

    /// <summary>The probe thread notices within one probe interval; nothing is disposed under it.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        return Task.CompletedTask;
    }

    private void Run()
    {
        var windowStart = TimeProvider.System.GetTimestamp();
        while (!_stopping)
        {
            Thread.Sleep(ProbeInterval);
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Probe.Record(TimeProvider.System.GetElapsedTime(state.Queued)),
                (Probe: this, Queued: TimeProvider.System.GetTimestamp()), preferLocal: false);
            if (TimeProvider.System.GetElapsedTime(windowStart) >= _options.Window)
            {
                windowStart = TimeProvider.System.GetTimestamp();
                var min = Interlocked.Exchange(ref _minLagTicks, long.MaxValue);
                if (min != long.MaxValue)
                {
                    threshold.OnWindow(TimeSpan.FromTicks(min));
                }
                else
                {
                    // Not one probe ran during a whole window: the pool is starved.
                    threshold.OnWindow(_options.Window);
                }
            }
        }
    }

    private void Record(TimeSpan lag)
    {
        Volatile.Write(ref _lastLagTicks, lag.Ticks);
        long seen;
        while (lag.Ticks < (seen = Volatile.Read(ref _minLagTicks)) && Interlocked.CompareExchange(ref _minLagTicks, lag.Ticks, seen) != seen)
        {
        }
    }
}
