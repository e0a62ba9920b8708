namespace Stadium.Chaos.Faults;

/// <summary>
/// One active fault in <c>&lt;data&gt;/chaos-faults.json</c>: what, since and until when, which process injected it and
/// how to undo it (the kind's revert from <see cref="State"/>), so a later run undoes what a dead run left.
/// </summary>
public sealed record FaultRecord(
    string Id,
    string Kind,
    string Target,
    string Describe,
    DateTimeOffset Since,
    DateTimeOffset Until,
    int OwnerPid,
    string Undo,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> State)
{
    public FaultSpec ToSpec() => new(Kind, Target, Until - Since, Attributes) { Id = Id, State = new(State) };
}
