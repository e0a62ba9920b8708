namespace Stadium.Jobs;

/// <summary>
/// This process's latest queue reading per job type, and each type's drain rate measured between readings.
/// Every known type has a row, with zeros when it has no jobs: a gauge series that vanishes when a queue is
/// empty reads as "no data" to a dashboard or an autoscaler (KEDA), not as zero.
/// </summary>
/// <remarks>
/// The drain rate counts the due jobs of the previous reading that are gone by this one (finished or dead),
/// per second; jobs enqueued in between do not count, so it measures the workers, not the arrivals. While
/// some of those earlier jobs are still waiting the workers were busy the whole interval, and the reading
/// joins a moving mean; when all of them are gone the queue ran dry, so the reading is only a lower bound
/// and can only raise the estimate. A queue that has never had due work has no measured rate (null).
/// </remarks>
public sealed class QueueReadings
{
    /// <summary>Weight of the newest busy reading in the moving mean.</summary>
    private const double Smoothing = 0.5;

    private readonly Lock _lock = new();
    private Dictionary<string, Reading> _byType = new(StringComparer.Ordinal);

    /// <summary>When the latest reading was taken (the "earlier" to ask the next stats against).</summary>
    public DateTimeOffset? At { get; private set; }

    /// <summary>The latest reading, one row per type that has jobs or is known.</summary>
    public IReadOnlyList<QueueStats> Latest
    {
        get
        {
            lock (_lock)
            {
                return _byType.Values.Select(r => r.Stats).OrderBy(s => s.Type, StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>Jobs of the type finished per second, as last measured; null before any measurement.</summary>
    public double? DrainPerSecond(string type)
    {
        lock (_lock)
        {
            return _byType.TryGetValue(type, out var reading) ? reading.DrainPerSecond : null;
        }
    }

    public QueueStats For(string type)
    {
        lock (_lock)
        {
            return _byType.TryGetValue(type, out var reading) ? reading.Stats : QueueStats.Empty(type);
        }
    }

    /// <summary>Takes a reading: <paramref name="stats"/> must have been asked against <see cref="At"/> (the previous reading's time).</summary>
    public void Record(IReadOnlyList<QueueStats> stats, IEnumerable<string> knownTypes, DateTimeOffset at)
    {
        lock (_lock)
        {
            var seconds = At is { } earlier ? (at - earlier).TotalSeconds : 0;
            var rows = stats.ToDictionary(s => s.Type, StringComparer.Ordinal);
            foreach (var type in knownTypes.Concat(_byType.Keys))
            {
                rows.TryAdd(type, QueueStats.Empty(type));
            }

            var next = new Dictionary<string, Reading>(StringComparer.Ordinal);
            foreach (var (type, now) in rows)
            {
                var previous = _byType.GetValueOrDefault(type);
                var drain = previous?.DrainPerSecond;
                if (previous is { Stats.Due: > 0 } && seconds > 0)
                {
                    var rate = Math.Max(0, previous.Stats.Due - now.DueFromEarlier) / seconds;
                    drain = now.DueFromEarlier > 0
                        ? drain is { } mean ? ((1 - Smoothing) * mean) + (Smoothing * rate) : rate
                        : Math.Max(drain ?? 0, rate);
                }

                next[type] = new Reading(now, drain);
            }

            _byType = next;
            At = at;
        }
    }

    private sealed record Reading(QueueStats Stats, double? DrainPerSecond);
}
