namespace Stadium.Infra;

/// <summary>A StackExchange.Redis configuration string.</summary>
public sealed record RedisSection(string Configuration);
