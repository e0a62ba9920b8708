using Stadium.Chaos.Proxy.Toxics;
using Stadium.Protection.Settings;

namespace Stadium.Chaos.Proxy;

/// <summary>Every toxic type the proxy knows, by its API name: Toxiproxy's seven and Stadium's <c>loss</c>.</summary>
internal static class ToxicKinds
{
    private static readonly IToxicKind[] All =
    [
        new LatencyToxic(),
        new BandwidthToxic(),
        new SlowCloseToxic(),
        new TimeoutToxic(),
        new ResetPeerToxic(),
        new SlicerToxic(),
        new LimitDataToxic(),
        new LossToxic(),
    ];

    public static IEnumerable<string> Names => All.Select(k => k.Name);

    /// <summary>The kind named <paramref name="type"/>; a 400 listing the known ones (and the closest) otherwise.</summary>
    public static IToxicKind Find(string? type)
    {
        if (All.FirstOrDefault(k => k.Name == type) is { } kind)
        {
            return kind;
        }

        var closest = type is null ? null : ClosestName.To(type, Names);
        var hint = closest is null ? "" : $" (did you mean {closest}?)";
        throw ProxyApiException.BadRequest($"invalid toxic type {(type is null ? "(none given)" : $"'{type}'")}{hint}; known types: {string.Join(", ", Names)}");
    }
}
