namespace Stadium.Protection.Shedding;

/// <summary>
/// The node's adaptive concurrency limit (<see cref="Gradient2Limit"/>) with a short priority queue in front.
/// A request runs at once while fewer than the limit are in flight and nobody waits; otherwise it waits in the queue,
/// ordered by priority (lower first), for at most its queue timeout. When the queue is full, a newcomer that outranks
/// the worst waiter takes its place and the worst is shed; a newcomer that does not is shed at once. Finished requests
/// hand their slot to the best waiter. All state changes happen under one lock; the queue is short (tens), so keeping
/// it sorted in a list costs less than a heap that cannot remove its worst or an expired entry.
/// </summary>
internal sealed class AdmissionGate
{
    private static readonly ValueTask<bool> Refused = ValueTask.FromResult(false);
    private static readonly ValueTask<bool> Granted = ValueTask.FromResult(true);

    private readonly Lock _lock = new();
    private readonly List<QueuedRequest> _queue;
    private readonly Gradient2Limit _limit;
    private readonly TimeProvider _time;
    private readonly int _queueSize;
    private int _inFlight;
    private long _sequence;

    public AdmissionGate(SheddingOptions options, TimeProvider time)
    {
        _time = time;
        _queueSize = options.QueueSize;
        _queue = new List<QueuedRequest>(options.QueueSize + 1);
        _limit = new Gradient2Limit(options, time);
    }

    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return _limit.Limit;
            }
        }
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Queued
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Called with how long a request waited before it got a slot.</summary>
    public Action<TimeSpan>? Waited { get; set; }

    /// <summary>
    /// True when the request may run (then call <see cref="Start"/> and later <see cref="Exit"/>), false when it is
    /// shed. Waits at most <paramref name="maxWait"/>; a cancelled wait answers false.
    /// </summary>
    public ValueTask<bool> EnterAsync(int priority, TimeSpan maxWait, CancellationToken ct)
    {
        QueuedRequest waiter;
        QueuedRequest? evicted = null;
        lock (_lock)
        {
            if (_queue.Count == 0 && _inFlight < _limit.Limit)
            {
                _inFlight++;
                return Granted;
            }

            if (maxWait <= TimeSpan.Zero || _queueSize == 0)
            {
                return Refused;
            }

            waiter = new QueuedRequest(priority, _sequence++, _time.GetTimestamp());
            if (_queue.Count >= _queueSize)
            {
                // Equals keep their place: a newcomer displaces only a strictly lower priority.
                if (_queue[^1].Priority <= priority)
                {
                    return Refused;
                }

                evicted = _queue[^1];
                _queue.RemoveAt(_queue.Count - 1);
            }

            var at = _queue.BinarySearch(waiter);
            _queue.Insert(at < 0 ? ~at : at, waiter);
        }

        evicted?.TrySetResult(false);
        return new ValueTask<bool>(WaitAsync(waiter, maxWait, ct));
    }

    /// <summary>Marks the start of an admitted request's work, for its latency sample (scaled by <paramref name="scale"/>, see <see cref="Admission"/>).</summary>
    public Admission Start(bool sampled, double scale = 1) => new(_time.GetTimestamp(), Volatile.Read(ref _inFlight), sampled, scale);

    /// <summary>Gives the slot back (to the best waiter, if any) and feeds the latency to the limit.</summary>
    public void Exit(Admission admission)
    {
        var rtt = _time.GetElapsedTime(admission.Started) * admission.Scale;
        lock (_lock)
        {
            if (admission.Sampled)
            {
                _limit.OnSample(rtt, admission.InFlight);
            }

            _inFlight--;
            while (_queue.Count > 0 && _inFlight < _limit.Limit)
            {
                var next = _queue[0];
                _queue.RemoveAt(0);
                _inFlight++;
                next.TrySetResult(true);
            }
        }
    }

    private async Task<bool> WaitAsync(QueuedRequest waiter, TimeSpan maxWait, CancellationToken ct)
    {
        await using var expiry = _time.CreateTimer(
            static state => { var (gate, request) = ((AdmissionGate, QueuedRequest))state!; gate.GiveUp(request); },
            (this, waiter), maxWait, Timeout.InfiniteTimeSpan);
        await using var cancel = ct.Register(static state => { var (gate, request) = ((AdmissionGate, QueuedRequest))state!; gate.GiveUp(request); }, (this, waiter));
        var granted = await waiter.Task;
        if (granted)
        {
            Waited?.Invoke(_time.GetElapsedTime(waiter.Enqueued));
        }

        return granted;
    }

    /// <summary>Expired or cancelled: leaves the queue unless a slot or an eviction got there first.</summary>
    private void GiveUp(QueuedRequest waiter)
    {
        lock (_lock)
        {
            if (!_queue.Remove(waiter))
            {
                return;
            }
        }

        waiter.TrySetResult(false);
    }
}
