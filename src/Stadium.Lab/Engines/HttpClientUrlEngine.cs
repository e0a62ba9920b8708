using Stadium.Lab.Generic;
using Stadium.Lab.Http;

namespace Stadium.Lab.Engines;

/// <summary><c>httpclient</c>: SocketsHttpHandler, for https, and the reference the raw engine is checked against.</summary>
internal sealed class HttpClientUrlEngine : IUrlEngine
{
    public string Name => "httpclient";

    public IReadOnlyList<string> Aliases => [];

    public string Label => "HttpClient";

    public string? CannotLoad(Uri target) => null;

    public void PrepareProcess()
    {
        // SocketsHttpHandler needs no process-wide switch.
    }

    public Task<IUrlWorkload> CreateAsync(UrlLoad load, CancellationToken ct)
    {
        var client = LoadHttpClient.Create(new HttpClientOptions(load.Connections, load.Timeout));
        var sender = new MeasuredSender(client, load.Time, load.Connections);
        try
        {
            var requests = new RequestListWorkload([load.Request], null, sender, load.Measurements, load.AllowRemote);
            return Task.FromResult<IUrlWorkload>(new HttpClientUrlWorkload(requests, sender, client));
        }
        catch
        {
            sender.Dispose();
            client.Dispose();
            throw;
        }
    }
}
