namespace Stadium.Infra.Chaos;

/// <summary>A toxic as <c>POST /proxies/{name}/toxics</c> takes it; <paramref name="Ttl"/> (seconds) is Stadium's extension.</summary>
internal sealed record ToxicRequest(
    string Name,
    string Type,
    string Stream,
    double Toxicity,
    IReadOnlyDictionary<string, object> Attributes,
    double? Ttl);
