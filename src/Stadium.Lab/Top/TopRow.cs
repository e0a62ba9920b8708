namespace Stadium.Lab.Top;

/// <summary>
/// One endpoint over one interval of <c>stadium top</c>: its volume and share of all requests, its latency, its average
/// payload each way and the store and cache calls one request made on average. A figure the target does not report
/// (the gateway knows no payloads or downstream calls) is null.
/// </summary>
/// <param name="Endpoint">Method and route template, e.g. <c>GET /v1/feed</c> (the gateway's route name when read from a gateway).</param>
internal sealed record TopRow(
    string Endpoint,
    double Requests,
    double RequestsPerSecond,
    double Share,
    double? P50Ms,
    double? P99Ms,
    double? BytesInPerRequest,
    double? BytesOutPerRequest,
    double? StoreCallsPerRequest,
    double? CacheCallsPerRequest);
