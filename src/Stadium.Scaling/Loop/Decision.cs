namespace Stadium.Scaling.Loop;

/// <summary>
/// One round's decision for one target, as decisions.jsonl and GET /decisions keep it (the "explain"): the count before
/// and the count decided, whether it was applied, the signal that drove it, why in words, and every metric's input.
/// </summary>
/// <param name="Recommended">The largest proposal, before stabilisation, rates and min/max.</param>
public sealed record Decision(
    DateTimeOffset At,
    string Target,
    int Current,
    int Desired,
    bool Applied,
    string Signal,
    string Reason,
    IReadOnlyDictionary<string, SignalInput> Inputs,
    int Recommended);
