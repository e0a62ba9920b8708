using Stadium.Lab.Generic;
using Stadium.Lab.Http.Raw;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Engines;

/// <summary><c>raw</c>: sockets and pre-formatted HTTP/1.1 bytes, nothing allocated per request (<see cref="RawUrlWorkload"/>); http:// only.</summary>
internal sealed class RawUrlEngine : IUrlEngine
{
    public string Name => "raw";

    public IReadOnlyList<string> Aliases => [];

    public string Label => "raw";

    public string? CannotLoad(Uri target) =>
        target.Scheme == Uri.UriSchemeHttp ? null : "The raw engine speaks plain HTTP/1.1 only; https goes through HttpClient.";

    public void PrepareProcess() => InlineSocketCompletions.PreferForThisProcess();

    public async Task<IUrlWorkload> CreateAsync(UrlLoad load, CancellationToken ct)
    {
        var request = load.Request;
        var meter = load.Measurements.Meter(new EndpointDefinition(request.Name, request.Method.ToUpperInvariant(), load.Target.AbsolutePath));
        var bytes = RequestBytes.Format(request.Method, load.Target, request.Headers, request.Body);
        var target = await RawTarget.ResolveAsync(load.Target, ct).ConfigureAwait(false);
        return new RawUrlWorkload(bytes, target, load.Connections, load.Timeout, meter, load.Time);
    }
}
