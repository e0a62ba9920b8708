using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy;

/// <summary>
/// A client of the fault proxy's API (Toxiproxy's, so it drives a Toxiproxy server too, without the TTLs). A refusal is
/// a <see cref="FaultProxyException"/> with the status and the server's message.
/// </summary>
public sealed class FaultProxyClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly HttpClient _http;
    private readonly bool _owned;

    /// <summary>Over <paramref name="http"/>, whose BaseAddress is the API (http://127.0.0.1:8474/).</summary>
    public FaultProxyClient(HttpClient http)
    {
        _http = http;
    }

    public FaultProxyClient(Uri api)
    {
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        _owned = true;
    }

    public async Task<FaultProxyInfo> CreateProxyAsync(string name, string listen, string upstream, bool enabled = true, CancellationToken ct = default) =>
        await SendAsync<FaultProxyInfo>(HttpMethod.Post, "proxies", new { name, listen, upstream, enabled }, ct);

    public async Task<IReadOnlyDictionary<string, FaultProxyInfo>> GetProxiesAsync(CancellationToken ct = default) =>
        await SendAsync<Dictionary<string, FaultProxyInfo>>(HttpMethod.Get, "proxies", null, ct);

    public async Task<FaultProxyInfo> GetProxyAsync(string proxy, CancellationToken ct = default) =>
        await SendAsync<FaultProxyInfo>(HttpMethod.Get, $"proxies/{Uri.EscapeDataString(proxy)}", null, ct);

    public Task DeleteProxyAsync(string proxy, CancellationToken ct = default) =>
        SendEmptyAsync(HttpMethod.Delete, $"proxies/{Uri.EscapeDataString(proxy)}", null, ct);

    /// <summary>Enables or disables a proxy; a disable with <paramref name="ttl"/> is undone by the proxy after it.</summary>
    public async Task<FaultProxyInfo> SetEnabledAsync(string proxy, bool enabled, TimeSpan? ttl = null, CancellationToken ct = default) =>
        await SendAsync<FaultProxyInfo>(HttpMethod.Post, $"proxies/{Uri.EscapeDataString(proxy)}", new { enabled, ttl = ttl?.TotalSeconds }, ct);

    public async Task<ToxicInfo> AddToxicAsync(string proxy, ToxicInfo toxic, CancellationToken ct = default)
    {
        var body = new JsonObject
        {
            ["type"] = toxic.Type,
            ["stream"] = toxic.Stream,
            ["toxicity"] = toxic.Toxicity,
            ["attributes"] = toxic.Attributes.DeepClone(),
        };
        if (toxic.Name.Length > 0)
        {
            body["name"] = toxic.Name;
        }

        if (toxic.Ttl is { } ttl)
        {
            body["ttl"] = ttl;
        }

        return await SendAsync<ToxicInfo>(HttpMethod.Post, $"proxies/{Uri.EscapeDataString(proxy)}/toxics", body, ct);
    }

    public Task RemoveToxicAsync(string proxy, string toxic, CancellationToken ct = default) =>
        SendEmptyAsync(HttpMethod.Delete, $"proxies/{Uri.EscapeDataString(proxy)}/toxics/{Uri.EscapeDataString(toxic)}", null, ct);

    /// <summary>Every proxy enabled, every toxic removed.</summary>
    public Task ResetAsync(CancellationToken ct = default) => SendEmptyAsync(HttpMethod.Post, "reset", null, ct);

    public void Dispose()
    {
        if (_owned)
        {
            _http.Dispose();
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, body, ct);
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    private async Task SendEmptyAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, body, ct);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json) };
        var response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                throw new FaultProxyException((int)response.StatusCode, Message(text) ?? $"{(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }

        return response;
    }

    private static string? Message(string text)
    {
        try
        {
            return JsonNode.Parse(text)?["error"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return text.Length > 0 ? text : null;
        }
    }
}
