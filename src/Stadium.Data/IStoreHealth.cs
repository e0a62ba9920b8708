namespace Stadium.Data;

/// <summary>Readiness facts about the store: reachable, schema current.</summary>
public interface IStoreHealth
{
    Task<StoreHealthReport> CheckAsync(CancellationToken ct);
}
