using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stadium.Protection.Memory;

namespace Stadium.Service.Platform.Memory;

/// <summary>
/// Samples the process's memory against the GC's limit every Stadium:Memory:CheckInterval. Past TrimAt it trims every
/// cache (stale copies first); past CriticalAt it also reports <see cref="MemoryPressureLevel.Critical"/>, which
/// readiness shows as Degraded and the shedder answers by turning bulk work away. A node that bends this way keeps
/// serving; one that runs into its limit is killed. Each tick also lets the <see cref="HeapPacer"/> look at the heap.
/// </summary>
internal sealed partial class MemoryPressureMonitor(
    IMemoryProbe probe, BoundedCaches caches, HeapPacer pacer, IOptions<MemoryOptions> options, TimeProvider time,
    ILogger<MemoryPressureMonitor> logger)
    : BackgroundService, IMemoryPressure
{
    private readonly MemoryOptions _options = options.Value;
    private volatile int _level;

    public MemoryPressureLevel Level => (MemoryPressureLevel)_level;

    public MemoryReading LastReading { get; private set; }

    /// <summary>One sample and what follows from it; the timer calls it, tests call it with a simulated probe.</summary>
    public MemoryPressureLevel Check()
    {
        var reading = probe.Read();
        LastReading = reading;
        var level = reading.Fraction >= _options.CriticalAt ? MemoryPressureLevel.Critical
            : reading.Fraction >= _options.TrimAt ? MemoryPressureLevel.Trimming
            : MemoryPressureLevel.Normal;
        if (level != MemoryPressureLevel.Normal)
        {
            foreach (var cache in caches.Snapshot())
            {
                cache.Trim(_options.TrimFraction);
            }
        }

        var previous = (MemoryPressureLevel)Interlocked.Exchange(ref _level, (int)level);
        if (previous != level)
        {
            LevelChanged(level, ByteSize.Format(reading.Used), ByteSize.Format(reading.Limit));
        }

        return level;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.CheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Check();
            pacer.Check();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Memory pressure {Level}: {Used} in use of {Limit}.")]
    private partial void LevelChanged(MemoryPressureLevel level, string used, string limit);
}
