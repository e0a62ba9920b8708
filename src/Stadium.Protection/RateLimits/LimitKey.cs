namespace Stadium.Protection.RateLimits;

/// <summary>One bucket: an endpoint class, and the user id or client address whose requests fill it.</summary>
internal readonly record struct LimitKey(EndpointClass Class, LimitScope Scope, string Id)
{
    /// <summary>The bucket's name in Redis (RedisRateLimiting stores it as "rl:tb:{name}").</summary>
    public string RedisName(string prefix) =>
        $"{prefix}:{ClassName(Class)}:{(Scope == LimitScope.User ? "u" : "a")}:{Id}";

    public static string ClassName(EndpointClass endpointClass) => endpointClass switch
    {
        EndpointClass.Read => "read",
        EndpointClass.Write => "write",
        EndpointClass.Auth => "auth",
        EndpointClass.Bulk => "bulk",
        _ => throw new ArgumentOutOfRangeException(nameof(endpointClass), endpointClass, null),
    };
}
