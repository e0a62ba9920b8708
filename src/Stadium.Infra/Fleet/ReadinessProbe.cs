namespace Stadium.Infra.Fleet;

/// <summary>Asks a node's /health/ready: ready means 200 within the timeout, anything else (503, no answer) is not.</summary>
internal sealed class ReadinessProbe(HttpClient http)
{
    public const string Path = "/health/ready";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<bool> IsReadyAsync(string url, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await http.GetAsync(url.TrimEnd('/') + Path, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }
}
