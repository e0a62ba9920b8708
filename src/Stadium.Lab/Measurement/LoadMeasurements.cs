using System.Collections.Concurrent;

namespace Stadium.Lab.Measurement;

/// <summary>
/// Every meter of one run, the in-flight gauge, dropped arrivals and the per-second timeline.
/// Senders record concurrently; one ticker calls <see cref="CloseSecond"/> once a second.
/// </summary>
internal sealed class LoadMeasurements
{
    private readonly ConcurrentDictionary<string, EndpointMeter> _meters = new(StringComparer.Ordinal);
    private readonly List<SecondBucket> _timeline = [];
    private readonly List<PhaseMark> _phases = [];
    private readonly Lock _timelineLock = new();
    private readonly HashSet<string> _expectShed;
    private readonly List<PhaseStart> _phaseStarts = [];
    private long _inFlight;
    private long _started;
    private int _phase = -1;
    private long _dropped;
    private long _backedOff;
    private long _failedIterations;
    private string? _firstIterationFailure;
    private TimeSpan _lastClosedAt;

    /// <param name="expectShed">Endpoint names whose 503/429 + Retry-After answers are declared load shedding (the
    /// scenario's <c>expect: {shed: [...]}</c>), added to what each endpoint's definition declares.</param>
    public LoadMeasurements(IEnumerable<string>? expectShed = null) => _expectShed = new(expectShed ?? [], StringComparer.Ordinal);

    public EndpointMeter Meter(EndpointDefinition definition) =>
        _meters.GetOrAdd(definition.Name, _ => new EndpointMeter(definition, _expectShed.Contains(definition.Name)));

    public IReadOnlyList<EndpointMeter> Meters => [.. _meters.Values.OrderBy(m => m.Name, StringComparer.Ordinal)];

    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Arrivals the open model could not start because the in-flight bound was reached (k6's dropped_iterations).</summary>
    public long DroppedIterations => Interlocked.Read(ref _dropped);

    /// <summary>Iterations started so far, in every phase (each one an arrival the schedule or a user began).</summary>
    public long StartedIterations => Interlocked.Read(ref _started);

    /// <summary>The phase running now (index into the run's phases), -1 before the first.</summary>
    public int CurrentPhase => Volatile.Read(ref _phase);

    /// <summary>When the current phase began, from the run's start.</summary>
    public TimeSpan CurrentPhaseStartedAt { get; private set; }

    /// <summary>Where each phase began: its time and the run's counters then, so each phase's share can be told apart.</summary>
    public IReadOnlyList<PhaseStart> PhaseStarts
    {
        get
        {
            lock (_timelineLock)
            {
                return [.. _phaseStarts];
            }
        }
    }

    public void EnterPhase(int index, TimeSpan runElapsed)
    {
        lock (_timelineLock)
        {
            _phaseStarts.Add(new PhaseStart(index, runElapsed, StartedIterations, DroppedIterations, BackedOffIterations));
        }

        CurrentPhaseStartedAt = runElapsed;
        Volatile.Write(ref _phase, index);
    }

    public void Started()
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _inFlight);
    }

    public void Finished() => Interlocked.Decrement(ref _inFlight);

    public void Dropped() => Interlocked.Increment(ref _dropped);

    /// <summary>
    /// Journey iterations that sent nothing because their account was waiting out a Retry-After from a
    /// shed login: the client's politeness, neither an error nor a generator limit.
    /// </summary>
    public long BackedOffIterations => Interlocked.Read(ref _backedOff);

    public void BackedOff() => Interlocked.Increment(ref _backedOff);

    /// <summary>
    /// Iterations the generator itself could not finish: the workload threw (say, a login answered 200 with a body that
    /// holds no tokens, because the target is not what the scenario thinks). Counted and shown, never silent.
    /// </summary>
    public long FailedIterations => Interlocked.Read(ref _failedIterations);

    /// <summary>The first such failure, as "ExceptionType: message", to show what went wrong.</summary>
    public string? FirstIterationFailure => Volatile.Read(ref _firstIterationFailure);

    public void IterationFailed(Exception failure)
    {
        Interlocked.Increment(ref _failedIterations);
        Interlocked.CompareExchange(ref _firstIterationFailure, $"{failure.GetType().Name}: {failure.Message}", null);
    }

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

    /// <summary>Where each phase began, in order.</summary>
    public IReadOnlyList<PhaseMark> PhaseMarks
    {
        get
        {
            lock (_timelineLock)
            {
                return [.. _phases];
            }
        }
    }

    /// <summary>Marks the start of a phase; the seconds closed from now on carry its name.</summary>
    public void EnterPhase(string name, TimeSpan runElapsed)
    {
        lock (_timelineLock)
        {
            _phases.Add(new PhaseMark(name, Math.Round(runElapsed.TotalSeconds, 3)));
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

    /// <summary>
    /// Closes the current second: moves each meter's interval into its totals and appends a bucket. A bucket's request
    /// and error counts come from the same interval as its latencies: read from the live counters instead, a request
    /// recorded while the second was being closed would be counted in one bucket and timed in the next, so the run's
    /// last bucket could show latencies for "0 requests".
    /// </summary>
    /// <param name="runElapsed">Time since the run started, now: the bucket spans from the previous close to here (a
    /// second, except the run's tail), so rates read from it are per second whatever its length.</param>
    public SecondBucket CloseSecond(TimeSpan runElapsed)
    {
        lock (_timelineLock)
        {
            var corrected = new List<LatencyHistogram>();
            var service = new List<LatencyHistogram>();
            var endpoints = new SortedDictionary<string, EndpointSecond>(StringComparer.Ordinal);
            long requests = 0, errors = 0, shed = 0, degraded = 0;
            foreach (var meter in Meters)
            {
                var (c, s, failed, shedHere, degradedHere) = meter.TakeInterval();
                corrected.Add(c);
                service.Add(s);
                var second = new EndpointSecond(c.Count + failed + shedHere, failed, c.PercentileMs(50), c.PercentileMs(99), shedHere)
                {
                    P95Ms = c.PercentileMs(95),
                    ServiceP99Ms = s.PercentileMs(99),
                    Degraded = degradedHere,
                };
                endpoints[meter.Name] = second;
                requests += second.Requests;
                errors += second.Errors;
                shed += shedHere;
                degraded += degradedHere;
            }

            var all = LatencyHistogram.Merge(corrected);
            var length = runElapsed - _lastClosedAt;
            _lastClosedAt = runElapsed;
            var bucket = new SecondBucket(
                _timeline.Count + 1, requests, errors, all.PercentileMs(50), all.PercentileMs(99), all.MaxMs,
                LatencyHistogram.Merge(service).PercentileMs(99), endpoints)
            {
                DurationSeconds = Math.Round(Math.Max(0, length.TotalSeconds), 6),
                Phase = _phases.Count == 0 ? null : _phases[^1].Name,
                Shed = shed,
                Degraded = degraded,
            };
            _timeline.Add(bucket);
            return bucket;
        }
    }
}
