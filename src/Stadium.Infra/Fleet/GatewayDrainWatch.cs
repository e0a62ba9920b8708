using System.Net.Http.Json;

namespace Stadium.Infra.Fleet;

/// <summary>
/// Waits until the gateway has taken a draining node out of rotation and its last request has finished: the gateway
/// lists the node as draining with nothing in flight, or no longer lists it. A gateway that does not answer is asked
/// again until the deadline; with no gateway running nothing routes to the node and there is nothing to wait for.
/// </summary>
internal sealed class GatewayDrainWatch(HttpClient http)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>True when the node drained, false when the deadline passed first.</summary>
    public async Task<bool> WaitAsync(string? gatewayUrl, string nodeUrl, TimeSpan timeout, CancellationToken ct)
    {
        if (gatewayUrl is null)
        {
            return true;
        }

        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await DrainedAsync(gatewayUrl, nodeUrl, ct))
            {
                return true;
            }

            await Task.Delay(Poll, ct);
        }

        return false;
    }

    private async Task<bool> DrainedAsync(string gatewayUrl, string nodeUrl, CancellationToken ct)
    {
        try
        {
            var destinations = await http.GetFromJsonAsync<List<GatewayDestination>>(gatewayUrl.TrimEnd('/') + "/gateway/destinations", ClusterStateFile.Json, ct);
            var node = destinations?.FirstOrDefault(d => string.Equals(d.Url.TrimEnd('/'), nodeUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
            return destinations is not null && (node is null || (node.State == NodeStates.Draining && node.InFlight == 0));
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }
}
