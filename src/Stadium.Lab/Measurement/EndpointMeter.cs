using HdrHistogram;

namespace Stadium.Lab.Measurement;

/// <summary>
/// Live counters and latency recorders for one endpoint. Latencies of successful answers (2xx/3xx and
/// the endpoint's expected statuses) and of failed ones (other statuses, timeouts, resets) go to
/// separate distributions, as k6 keeps only expected responses in http_req_duration: a fast 503 must
/// not make the endpoint look fast, nor a slow timeout slow. Recording is wait-free for any number of
/// concurrent senders (HdrHistogram's Recorder over concurrent histograms); a single reader takes
/// one-second intervals and folds them into the run's totals.
/// </summary>
internal sealed class EndpointMeter
{
    private const int StatusSlots = 600;
    private readonly Recorder _corrected = NewRecorder();
    private readonly Recorder _service = NewRecorder();
    private readonly Recorder _failed = NewRecorder();
    private readonly Recorder _connectionWait = NewRecorder();
    private readonly Recorder _shed = NewRecorder();
    private readonly long[] _statuses = new long[StatusSlots];
    private readonly long[] _errorKinds = new long[ErrorKinds.All.Length];
    private readonly HashSet<int> _expected;
    private long _requests;
    private long _errors;
    private long _shedCount;
    private long _degraded;
    private long _degradedInterval;
    private long _bytesSent;
    private long _bytesReceived;
    private HistogramBase? _recycledCorrected;
    private HistogramBase? _recycledService;
    private HistogramBase? _recycledFailed;
    private HistogramBase? _recycledConnectionWait;
    private HistogramBase? _recycledShed;

    public EndpointMeter(EndpointDefinition definition, bool expectShed = false)
    {
        Definition = definition;
        ExpectsShed = expectShed || definition.ExpectShed;
        _expected = [.. definition.ExpectedStatuses ?? []];
    }

    /// <summary>503/429 with Retry-After is declared load shedding on this endpoint (<see cref="EndpointDefinition.ExpectShed"/> or the scenario's <c>expect: shed</c>).</summary>
    public bool ExpectsShed { get; }

    public EndpointDefinition Definition { get; }

    public string Name => Definition.Name;

    public long Requests => Interlocked.Read(ref _requests);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Requests answered with declared load shedding: part of <see cref="Requests"/>, not of <see cref="Errors"/>.</summary>
    public long Shed => Interlocked.Read(ref _shedCount);

    /// <summary>Successful answers the server marked <c>Stadium-Degraded</c> (served stale or without a dependency): part of the successes, not of <see cref="Errors"/>.</summary>
    public long Degraded => Interlocked.Read(ref _degraded);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Successful answers' latency from the intended start, everything so far (folded in by <see cref="TakeInterval"/>).</summary>
    public LatencyHistogram Corrected { get; } = new();

    /// <summary>Successful answers' service time (from the send).</summary>
    public LatencyHistogram Service { get; } = new();

    /// <summary>Failed requests' latency from the intended start (error statuses and error kinds).</summary>
    public LatencyHistogram FailedCorrected { get; } = new();

    /// <summary>Every request's wait for a free connection, where the sender measures it (the HttpClient engine).</summary>
    public LatencyHistogram ConnectionWait { get; } = new();

    public bool IsError(int status, ErrorKind kind) => kind != ErrorKind.None || (status >= 400 && !_expected.Contains(status));

    /// <summary>A shed the endpoint declares expected: 503 or 429 that said when to come back.</summary>
    public bool IsShed(int status, bool retryAfter) => ExpectsShed && retryAfter && status is 503 or 429;

    /// <param name="correctedMicroseconds">Completion minus intended start.</param>
    /// <param name="serviceMicroseconds">Completion minus actual send (on a free connection).</param>
    /// <param name="connectionWaitMicroseconds">Time waiting for a free connection before the send; null where not measured.</param>
    /// <param name="retryAfter">The answer carried Retry-After (with 503/429 on an endpoint that expects sheds: a shed).</param>
    /// <param name="degraded">The answer carried <c>Stadium-Degraded</c>; counted only when it is a success.</param>
    public void Record(
        long correctedMicroseconds, long serviceMicroseconds, int status, ErrorKind kind, long bytesSent, long bytesReceived,
        long? connectionWaitMicroseconds = null, bool retryAfter = false, bool degraded = false)
    {
        if (connectionWaitMicroseconds is { } wait)
        {
            // 0 is a real answer here (a connection was free); the histogram's floor is 1 us.
            _connectionWait.RecordValue(Math.Clamp(wait, 1, LatencyHistogram.HighestMicroseconds));
        }

        Interlocked.Increment(ref _requests);
        if (kind == ErrorKind.None && IsShed(status, retryAfter))
        {
            _shed.RecordValue(Math.Clamp(correctedMicroseconds, 1, LatencyHistogram.HighestMicroseconds));
            Interlocked.Increment(ref _shedCount);
        }
        else if (IsError(status, kind))
        {
            _failed.RecordValue(Math.Clamp(correctedMicroseconds, 1, LatencyHistogram.HighestMicroseconds));
            Interlocked.Increment(ref _errors);
        }
        else
        {
            _corrected.RecordValue(Math.Clamp(correctedMicroseconds, 1, LatencyHistogram.HighestMicroseconds));
            _service.RecordValue(Math.Clamp(serviceMicroseconds, 1, LatencyHistogram.HighestMicroseconds));
            if (degraded)
            {
                Interlocked.Increment(ref _degraded);
                Interlocked.Increment(ref _degradedInterval);
            }
        }

        if (kind != ErrorKind.None)
        {
            Interlocked.Increment(ref _errorKinds[(int)kind]);
        }
        else if ((uint)status < StatusSlots)
        {
            Interlocked.Increment(ref _statuses[status]);
        }

        Interlocked.Add(ref _bytesSent, bytesSent);
        Interlocked.Add(ref _bytesReceived, bytesReceived);
    }

    /// <summary>Declared sheds' latency from the intended start (how fast the server said "come back later").</summary>
    public LatencyHistogram ShedCorrected { get; } = new();

    /// <summary>
    /// Takes the successful answers recorded since the last call, adds them to the totals and returns them, with how
    /// many failed (their latencies only go to <see cref="FailedCorrected"/>) and how many were shed. Every request
    /// lands in exactly one of the three, so the interval's sum is its requests, read from the same swap as its
    /// latencies. One reader only. <c>Degraded</c> (successes marked stale) is a plain counter taken at the same close:
    /// an answer recorded during the swap may land in the neighbouring second.
    /// </summary>
    public (LatencyHistogram Corrected, LatencyHistogram Service, long Failed, long Shed, long Degraded) TakeInterval()
    {
        var corrected = _corrected.GetIntervalHistogram(_recycledCorrected);
        var service = _service.GetIntervalHistogram(_recycledService);
        var failed = _failed.GetIntervalHistogram(_recycledFailed);
        var connectionWait = _connectionWait.GetIntervalHistogram(_recycledConnectionWait);
        var shed = _shed.GetIntervalHistogram(_recycledShed);
        var correctedInterval = new LatencyHistogram(corrected.Copy());
        var serviceInterval = new LatencyHistogram(service.Copy());
        Corrected.Counts.Add(corrected);
        Service.Counts.Add(service);
        FailedCorrected.Counts.Add(failed);
        ConnectionWait.Counts.Add(connectionWait);
        ShedCorrected.Counts.Add(shed);
        _recycledCorrected = corrected;
        _recycledService = service;
        _recycledFailed = failed;
        _recycledConnectionWait = connectionWait;
        _recycledShed = shed;
        return (correctedInterval, serviceInterval, failed.TotalCount, shed.TotalCount, Interlocked.Exchange(ref _degradedInterval, 0));
    }


    public IReadOnlyDictionary<string, long> StatusCounts()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var status = 0; status < StatusSlots; status++)
        {
            var count = Interlocked.Read(ref _statuses[status]);
            if (count > 0)
            {
                counts[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = count;
            }
        }

        return counts;
    }

    public IReadOnlyDictionary<string, long> ErrorKindCounts()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var kind in ErrorKinds.All)
        {
            var count = Interlocked.Read(ref _errorKinds[(int)kind]);
            if (count > 0)
            {
                counts[ErrorKinds.Name(kind)] = count;
            }
        }

        return counts;
    }

    private static Recorder NewRecorder() =>
        new(1, LatencyHistogram.HighestMicroseconds, LatencyHistogram.SignificantDigits,
            (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));
}
