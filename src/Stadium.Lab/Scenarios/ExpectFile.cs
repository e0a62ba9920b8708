namespace Stadium.Lab.Scenarios;

/// <summary>What the scenario expects the target to answer under this load: <c>expect: {shed: [login, createPost]}</c>.</summary>
public sealed class ExpectFile
{
    /// <summary>
    /// Endpoints where a 503 or 429 with Retry-After is the server shedding load as designed: counted as shed, not as
    /// errors (and not in <c>errors&lt;x%</c>). Stadium journeys expect it on login without saying so.
    /// </summary>
    public List<string>? Shed { get; set; }
}
