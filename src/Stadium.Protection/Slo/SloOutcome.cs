namespace Stadium.Protection.Slo;

/// <summary>What one answered request counts as against its endpoint's objectives.</summary>
internal enum SloOutcome
{
    /// <summary>Answered within the latency objective without a server failure (4xx answers included: the server did its job).</summary>
    Good,

    /// <summary>A 5xx (faults, 503 sheds and store refusals, 504 deadlines), or an answer slower than the latency objective.</summary>
    Bad,

    /// <summary>
    /// Not an event: a 429 (the client went over its own quota; the limit working as designed is not the service
    /// failing) or a client that left before its answer (499).
    /// </summary>
    Excluded,
}
