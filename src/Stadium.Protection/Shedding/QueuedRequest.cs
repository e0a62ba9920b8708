namespace Stadium.Protection.Shedding;

/// <summary>
/// One request waiting in <see cref="AdmissionGate"/>'s queue. It leaves the queue exactly once, under the gate's
/// lock: granted a slot, evicted by a better-placed request, expired, or cancelled; whichever removes it from the
/// queue completes it, so a slot is never granted to a request that has already given up.
/// </summary>
internal sealed class QueuedRequest(int priority, long sequence, long enqueued)
    : TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously), IComparable<QueuedRequest>
{
    public int Priority { get; } = priority;

    public long Sequence { get; } = sequence;

    public long Enqueued { get; } = enqueued;

    /// <summary>Lower priority values first; first come, first served among equals.</summary>
    public int CompareTo(QueuedRequest? other) =>
        other is null ? -1 : Priority != other.Priority ? Priority.CompareTo(other.Priority) : Sequence.CompareTo(other.Sequence);
}
