namespace Stadium.Lab.Journeys;

/// <summary>
/// One seeded account as a real client holds it: its own tokens, reused until close to expiry (or until
/// the server answers 401 to the access token), then refreshed (the old refresh token dies with it), and
/// a fresh login only when there is nothing to refresh or the refresh is refused. The gate keeps two concurrent iterations of the same user from racing the refresh. A login
/// the server sheds (503/429 + Retry-After) makes the account wait as long as it was asked to, as an
/// app does, instead of hammering the server again with every tap.
/// </summary>
internal sealed class UserSession(int id)
{
    public int Id { get; } = id;

    public string Username { get; } = $"user{id}";

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public string? AccessToken { get; private set; }

    public string? RefreshToken { get; private set; }

    /// <summary>TimeProvider timestamp after which the access token should be refreshed.</summary>
    public long RefreshAfter { get; private set; }

    public bool HasToken => AccessToken is not null;

    /// <summary>Whether this account has held a session at any point of the run.</summary>
    public bool SignedInBefore { get; private set; }

    /// <summary>TimeProvider timestamp before which this account does not try to log in again.</summary>
    public long LoginNotBefore { get; private set; }

    public void BackOff(long until) => LoginNotBefore = until;

    public void Store(string accessToken, string refreshToken, long refreshAfter)
    {
        AccessToken = accessToken;
        RefreshToken = refreshToken;
        RefreshAfter = refreshAfter;
        SignedInBefore = true;
    }

    public void Forget()
    {
        AccessToken = null;
        RefreshToken = null;
        RefreshAfter = 0;
    }
}
