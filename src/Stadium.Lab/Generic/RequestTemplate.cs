namespace Stadium.Lab.Generic;

/// <summary>One request of a plain request list (generic mode), with its share of the traffic.</summary>
/// <param name="Url">Absolute, or relative to the run's target.</param>
public sealed record RequestTemplate(
    string Name,
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Body,
    double Weight = 1);
