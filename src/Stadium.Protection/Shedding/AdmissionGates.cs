namespace Stadium.Protection.Shedding;

/// <summary>
/// The node's bulkheads: one <see cref="AdmissionGate"/> (its own adaptive limit, learnt from its own latency, and its
/// own queue) for reads, one for writes, and one for the rest (logins and other account calls, bulk work), so that one
/// kind of work going slow cannot take the others' concurrency. Measured before (bench/chaos.sh, db-latency): with one
/// gate, 200 ms added to the primary made writes take 0.6-1.5 s, the limit learnt that as queueing and fell, and reads
/// served from the replica and the cache were shed: 27 % of all answers were 503 during the fault. Reads and writes
/// still slow down together when the CPU saturates, and both limits then fall; the CPU's own admission level
/// (<see cref="PriorityThreshold"/>) stays one for the node.
/// </summary>
internal sealed class AdmissionGates
{
    public AdmissionGates(SheddingOptions options, TimeProvider time)
    {
        Reads = new AdmissionGate(options, time);
        Writes = new AdmissionGate(options, time);
        Other = new AdmissionGate(options, time);
        All = [("read", Reads), ("write", Writes), ("other", Other)];
    }

    public AdmissionGate Reads { get; }

    public AdmissionGate Writes { get; }

    /// <summary>Account calls (password hashing runs long by design) and bulk work: neither teaches its limit, see <see cref="SheddingMiddleware"/>.</summary>
    public AdmissionGate Other { get; }

    /// <summary>Each gate with the name its metrics carry (<c>gate</c>: read, write, other).</summary>
    public IReadOnlyList<(string Name, AdmissionGate Gate)> All { get; }

    /// <summary>Requests admitted and not yet finished, over every gate.</summary>
    public int InFlight => Reads.InFlight + Writes.InFlight + Other.InFlight;

    public AdmissionGate For(EndpointClass endpointClass) => endpointClass switch
    {
        EndpointClass.Read => Reads,
        EndpointClass.Write => Writes,
        _ => Other,
    };
}
