using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stadium.Infra.Chaos;

/// <summary>
/// The few calls of the fault proxy's HTTP API (Toxiproxy's routes and JSON) the launcher and the faults make: create a
/// proxy, enable or disable it, add and remove a toxic. Statuses other than the expected one become an
/// <see cref="InfraCommandException"/> naming the call and the proxy's answer.
/// </summary>
internal sealed class ProxyApiClient(HttpClient http, Uri api)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Uri Api { get; } = api;

    /// <summary>True once <c>GET /version</c> answers 200.</summary>
    public async Task<bool> AnswersAsync(CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(Api, "version"), ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            // The client's own timeout: a proxy that does not answer in time is not up.
            return false;
        }
    }

    public Task CreateProxyAsync(string name, string listen, string upstream, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "proxies", new { name, listen, upstream, enabled = true }, HttpStatusCode.Created, ct);

    /// <summary>Disables or enables a proxy; a <paramref name="ttlSeconds"/> on a disable re-enables it after that long (Stadium's extension).</summary>
    public Task SetEnabledAsync(string proxy, bool enabled, double? ttlSeconds, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"proxies/{Uri.EscapeDataString(proxy)}", new { enabled, ttl = ttlSeconds }, HttpStatusCode.OK, ct);

    public Task AddToxicAsync(string proxy, ToxicRequest toxic, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"proxies/{Uri.EscapeDataString(proxy)}/toxics", toxic, HttpStatusCode.OK, ct);

    /// <summary>Removes a toxic; one already gone (its ttl ran out, or a reset) counts as removed.</summary>
    public Task RemoveToxicAsync(string proxy, string toxic, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"proxies/{Uri.EscapeDataString(proxy)}/toxics/{Uri.EscapeDataString(toxic)}", null, HttpStatusCode.NoContent, ct, HttpStatusCode.NotFound);

    private async Task SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, CancellationToken ct, HttpStatusCode? alsoFine = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Api, path)) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        using var response = await http.SendAsync(request, ct);
        // Toxiproxy answers a toxic's creation with 200 and some clients expect 201 elsewhere: any 2xx is success.
        if (response.IsSuccessStatusCode || response.StatusCode == expected || response.StatusCode == alsoFine)
        {
            return;
        }

        var answer = await response.Content.ReadAsStringAsync(ct);
        throw new InfraCommandException($"the fault proxy at {Api} answered {method} /{path} with {(int)response.StatusCode}: {answer.Trim()}");
    }
}
