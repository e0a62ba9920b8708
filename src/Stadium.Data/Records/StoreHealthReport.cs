namespace Stadium.Data;

/// <param name="Degraded">Why the store serves only part of its work (reads but not writes, say); null when whole.</param>
public sealed record StoreHealthReport(bool Reachable, int SchemaVersion, int ExpectedSchemaVersion, string? Error, string? Degraded = null)
{
    public bool Ready => Reachable && SchemaVersion == ExpectedSchemaVersion;
}
