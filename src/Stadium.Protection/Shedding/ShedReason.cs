namespace Stadium.Protection.Shedding;

/// <summary>Which part of the shedder refused a request: the <c>reason</c> of <c>stadium.protection.shedding.sheds</c>.</summary>
public enum ShedReason
{
    /// <summary>The CPU side: the thread pool lagged and the admission level fell below the request's priority.</summary>
    Cpu,

    /// <summary>Its bulkhead's concurrency limit: the queue was full of better-placed requests, or the wait passed its timeout.</summary>
    Limit,

    /// <summary>Bulk work under critical memory pressure.</summary>
    Memory,

    /// <summary><c>ShedAll</c>: a drill, every request refused on purpose.</summary>
    Drill,
}
