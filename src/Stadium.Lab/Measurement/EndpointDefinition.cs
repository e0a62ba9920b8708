namespace Stadium.Lab.Measurement;

/// <summary>What the generator calls one endpoint: a short name for thresholds plus the route it hits.</summary>
/// <param name="Name">Short name used in thresholds and reports, e.g. "feed".</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Route">The server's route template, e.g. "/v1/users/{username}", so counts can be matched with its metrics.</param>
/// <param name="ExpectedStatuses">Statuses >= 400 that are a normal answer here (e.g. 404 for an optional feature).</param>
/// <param name="ExpectShed">A 503 or 429 with Retry-After is the server's declared load shedding here (a login burst above
/// what password hashing allows): counted as shed, neither success nor error.</param>
internal sealed record EndpointDefinition(
    string Name, string Method, string Route, IReadOnlyCollection<int>? ExpectedStatuses = null, bool ExpectShed = false);
