using System.Collections.Concurrent;

namespace Stadium.Lab.Measurement;

/// <summary>
/// Every meter of one run, the in-flight gauge, dropped arrivals and the per-second timeline.
/// Senders record concurrently; one ticker calls <see cref="CloseSecond"/> once a second.
/// </summary>
public sealed class LoadMeasurements
{
    private readonly ConcurrentDictionary<string, EndpointMeter> _meters = new(StringComparer.Ordinal);
    private readonly List<SecondBucket> _timeline = [];
    private readonly Dictionary<string, (long Requests, long Errors)> _lastCounts = new(StringComparer.Ordinal);
    private readonly Lock _timelineLock = new();
    private long _inFlight;
    private long _dropped;
    private long _backedOff;

    public EndpointMeter Meter(EndpointDefinition definition) =>
        _meters.GetOrAdd(definition.Name, _ => new EndpointMeter(definition));

    public IReadOnlyList<EndpointMeter> Meters => [.. _meters.Values.OrderBy(m => m.Name, StringComparer.Ordinal)];

    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Arrivals the open model could not start because the in-flight bound was reached (k6's dropped_iterations).</summary>
    public long DroppedIterations => Interlocked.Read(ref _dropped);

    public void Started() => Interlocked.Increment(ref _inFlight);

    public void Finished() => Interlocked.Decrement(ref _inFlight);

    public void Dropped() => Interlocked.Increment(ref _dropped);

    /// <summary>
    /// Journey iterations that sent nothing because their account was waiting out a Retry-After from a
    /// shed login: the client's politeness, neither an error nor a generator limit.
    /// </summary>
    public long BackedOffIterations => Interlocked.Read(ref _backedOff);

    public void BackedOff() => Interlocked.Increment(ref _backedOff);

    public IReadOnlyList<SecondBucket> Timeline
    {
        get
        {
            lock (_timelineLock)
            {
                return [.. _timeline];
            }
        }
    }

    public SecondBucket? LastSecond
    {
        get
        {
            lock (_timelineLock)
            {
                return _timeline.Count == 0 ? null : _timeline[^1];
            }
        }
    }

    /// <summary>Closes the current second: moves each meter's interval into its totals and appends a bucket.</summary>
    public SecondBucket CloseSecond()
    {
        lock (_timelineLock)
        {
            var corrected = new List<LatencyHistogram>();
            var service = new List<LatencyHistogram>();
            var endpoints = new SortedDictionary<string, EndpointSecond>(StringComparer.Ordinal);
            long requests = 0, errors = 0;
            foreach (var meter in Meters)
            {
                var (c, s) = meter.TakeInterval();
                corrected.Add(c);
                service.Add(s);
                var now = (meter.Requests, meter.Errors);
                var before = _lastCounts.GetValueOrDefault(meter.Name);
                _lastCounts[meter.Name] = now;
                var second = new EndpointSecond(now.Requests - before.Requests, now.Errors - before.Errors, c.PercentileMs(50), c.PercentileMs(99));
                endpoints[meter.Name] = second;
                requests += second.Requests;
                errors += second.Errors;
            }

            var all = LatencyHistogram.Merge(corrected);
            var bucket = new SecondBucket(
                _timeline.Count + 1, requests, errors, all.PercentileMs(50), all.PercentileMs(99), all.MaxMs,
                LatencyHistogram.Merge(service).PercentileMs(99), endpoints);
            _timeline.Add(bucket);
            return bucket;
        }
    }
}
