using Stadium.Data;

namespace Stadium.Service.Features.Users;

/// <summary>Public profiles by username, cached: how other features read a profile and write one through after a commit.</summary>
public interface IProfileCache
{
    /// <summary>The profile for a username as typed in a URL: names that are not valid usernames are simply not found.</summary>
    ValueTask<UserProfile?> FindAsync(string username, CancellationToken ct);

    /// <summary>
    /// Writes a profile just read back from the primary through to the cache (and, via the backplane,
    /// to every node), so the next reader never refills it from a replica that has not caught up.
    /// </summary>
    ValueTask StoreAsync(UserRecord user, CancellationToken ct);

    ValueTask InvalidateAsync(string username, CancellationToken ct);
}
