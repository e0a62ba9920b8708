using System.Globalization;
using Stadium.Infra.Chaos;

namespace Stadium.Chaos.Faults;

/// <summary>
/// A network fault on one dependency's proxy (primary, replica-N, redis): a toxic added for the duration, with
/// its ttl set to the duration so the proxy removes it by itself even if this run dies; <c>down</c> disables the proxy
/// instead (every connection through it closed and refused), with the same ttl on the proxy.
/// </summary>
internal sealed class ToxicFault(FaultSpec spec, ChaosTarget where, ToxicShape? shape) : IFault
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private string ToxicName => $"chaos-{spec.Id}";

    public string Describe => shape is null
        ? $"{spec.Target} down for {spec.Duration.TotalSeconds:0.#} s"
        : $"{spec.Kind} on {spec.Target} ({string.Join(", ", shape.Attributes.Select(a => $"{a.Key}={a.Value}"))}) for {spec.Duration.TotalSeconds:0.#} s";

    public Task StartAsync(CancellationToken ct)
    {
        var proxy = where.Proxy(Http);
        var ttl = spec.Duration.TotalSeconds;
        return shape is null
            ? proxy.SetEnabledAsync(spec.Target, enabled: false, ttl, ct)
            : proxy.AddToxicAsync(
                spec.Target,
                new ToxicRequest(ToxicName, shape.Type, spec.Attribute("stream", "downstream"), spec.Number("toxicity", 1), shape.Attributes, ttl),
                ct);
    }

    public Task RevertAsync(CancellationToken ct)
    {
        var proxy = where.Proxy(Http);
        return shape is null
            ? proxy.SetEnabledAsync(spec.Target, enabled: true, null, ct)
            : proxy.RemoveToxicAsync(spec.Target, ToxicName, ct);
    }
}
