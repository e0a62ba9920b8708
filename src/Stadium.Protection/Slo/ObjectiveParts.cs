namespace Stadium.Protection.Slo;

/// <summary>What one block of the file (defaults, or an endpoint) states; an endpoint's gaps are filled from defaults.</summary>
internal sealed record ObjectiveParts(double? Percentile, TimeSpan? Latency, double? Availability, TimeSpan? Window, TimeSpan? Deadline)
{
    public static readonly ObjectiveParts None = new(null, null, null, null, null);

    public ObjectiveParts Over(ObjectiveParts defaults) => new(
        Latency is null ? defaults.Percentile : Percentile,
        Latency ?? defaults.Latency,
        Availability ?? defaults.Availability,
        Window ?? defaults.Window,
        Deadline ?? defaults.Deadline);
}
