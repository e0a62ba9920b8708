namespace Stadium.Protection.Deadlines;

/// <summary>
/// The time budget of one request, set as a request feature by <see cref="DeadlineMiddleware"/>. The exception handler
/// reads <see cref="Exceeded"/> to answer 504 instead of a fault: a cancellation with the deadline passed (and the
/// client still there) is the deadline's, not the client's.
/// </summary>
internal sealed class RequestDeadline(TimeSpan budget, CancellationTokenSource timer, CancellationToken clientAborted)
{
    private bool _closedExceeded;
    private bool _closed;

    public TimeSpan Budget => budget;

    /// <summary>The budget ran out while the request was being served, and its client had not left.</summary>
    public bool Exceeded => _closed ? _closedExceeded : timer.IsCancellationRequested && !clientAborted.IsCancellationRequested;

    /// <summary>Fixes <see cref="Exceeded"/> before the timer is disposed (the exception handler reads it after).</summary>
    public void Close()
    {
        _closedExceeded = Exceeded;
        _closed = true;
    }
}
