namespace Stadium.Infra;

/// <summary>What the service reads to run on these servers.</summary>
public sealed record StadiumSection(StoreSection Store, RedisSection Redis);
