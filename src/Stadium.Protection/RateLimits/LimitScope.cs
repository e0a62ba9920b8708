namespace Stadium.Protection.RateLimits;

/// <summary>Whose bucket a request takes its token from.</summary>
public enum LimitScope
{
    /// <summary>A signed-in user's, wherever the requests come from.</summary>
    User,

    /// <summary>An anonymous client's, by the address the connection comes from.</summary>
    Address,
}
