namespace Stadium.Planning.Plan;

/// <summary>
/// Redis memory from the memory budget's measured entry sizes: a home timeline per user active in the quarter hour,
/// the posts written within the post cache's lifetime and a profile per active user in the shared cache level, each
/// key with Redis' own overhead; maxmemory is that times redisHeadroom, rounded up to a power of two.
/// </summary>
internal static class RedisPlanner
{
    public static RedisPlan Plan(IReadOnlyList<EndpointPlan> endpoints, TrafficModel traffic, PlanAssumptions assume)
    {
        var users = traffic.ActiveUsers.Value;
        var overhead = assume["redisEntryOverheadBytes"];
        var timelines = Sourced.Derived(users * (assume["timelineBytes"] + overhead) / Quantities.Mb,
            $"{users:N0} active users x (timelineBytes {assume["timelineBytes"]:N0} + {overhead:0} B)");
        var posts = endpoints.Single(e => e.Name == "createPost").Steady.Value * assume["postCacheSeconds"];
        var postsMb = Sourced.Derived(posts * (assume["postJsonBytes"] + overhead) / Quantities.Mb,
            $"{posts:N0} posts written in postCacheSeconds {assume["postCacheSeconds"]:0} x (postJsonBytes {assume["postJsonBytes"]:0} + {overhead:0} B)");
        var profiles = Sourced.Derived(users * (assume["profileJsonBytes"] + overhead) / Quantities.Mb,
            $"{users:N0} profiles x (profileJsonBytes {assume["profileJsonBytes"]:0} + {overhead:0} B)");
        var live = Sourced.Derived(timelines.Value + postsMb.Value + profiles.Value, "timelines + posts + profiles");
        var headroom = assume.Get("redisHeadroom");
        var wanted = live.Value * headroom.Value;
        var size = Math.Pow(2, Math.Ceiling(Math.Log2(Math.Max(wanted, 64))));
        var max = Sourced.Derived(size, $"{live.Text()} MB x redisHeadroom {headroom.Text()} = {wanted:N0} MB, rounded up to a power of two");
        return new RedisPlan(timelines, postsMb, profiles, live, max, Quantities.RedisMemory(size));
    }
}
