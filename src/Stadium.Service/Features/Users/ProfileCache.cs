using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Memory;
using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service.Features.Users;

/// <summary>Public profiles by canonical username, cached; writers invalidate after they commit.</summary>
internal sealed class ProfileCache(IFusionCache cache, CacheRoundTrips roundTrips, IUserStore users, StadiumMetrics metrics, IOptions<CacheOptions> options, CacheStaleness staleness)
    : IProfileCache
{
    private static string Key(string username) => "u:" + username;

    public async ValueTask<UserProfile?> GetAsync(string username, CancellationToken ct)
    {
        var (profile, hit) = await roundTrips.GetOrSetAsync<UserProfile?>(
            cache,
            Key(username),
            async token => await users.FindByUsernameAsync(username, token) is { } user ? ToProfile(user) : null,
            Bytes,
            // Fail-safe on: while the store is down a profile is served stale, up to its staleness budget.
            staleness.Entry(cache, CacheStaleness.Profiles, options.Value.ProfileDuration),
            ct);
        if (hit)
        {
            metrics.CacheHit("profile");
        }
        else
        {
            metrics.CacheMiss("profile");
        }

        return profile;
    }

    public ValueTask<UserProfile?> FindAsync(string username, CancellationToken ct) =>
        Username.TryParse(username, out var name) ? GetAsync(name.Value, ct) : ValueTask.FromResult<UserProfile?>(null);

    public ValueTask StoreAsync(UserRecord user, CancellationToken ct)
    {
        roundTrips.Record();
        var profile = ToProfile(user);
        var entry = staleness.Entry(cache, CacheStaleness.Profiles, options.Value.ProfileDuration);
        entry.Size = EntrySize.EntryOverhead + Bytes(profile);
        return cache.SetAsync<UserProfile?>(Key(user.Username), profile, entry, token: ct);
    }

    public ValueTask InvalidateAsync(string username, CancellationToken ct)
    {
        roundTrips.Record();
        return cache.RemoveAsync(Key(username), token: ct);
    }

    /// <summary>The record (header, id, three counts) and its three strings; a missing profile is the entry alone.</summary>
    private static long Bytes(UserProfile? profile) =>
        profile is null ? 0 : 40 + EntrySize.Of(profile.Username) + EntrySize.Of(profile.DisplayName) + EntrySize.Of(profile.Bio);

    public static UserProfile ToProfile(UserRecord user) =>
        new(user.Id, user.Username, user.DisplayName, user.Bio, user.Followers, user.Following, user.Posts);
}
