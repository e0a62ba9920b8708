namespace Stadium.Data;

/// <summary>
/// Accounts and profiles. One small interface per aggregate, each implemented once in Stores/ over <see cref="IDatabase"/>;
/// the same contract suite (tests/Stadium.Data.Tests/Contract) runs on every backend, so callers never know which runs.
/// </summary>
public interface IUserStore
{
    /// <returns>The new id, or null when the username is taken (case-insensitively).</returns>
    Task<long?> CreateUserAsync(NewUser user, CancellationToken ct);

    Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken ct);

    Task<UserRecord?> FindByIdAsync(long id, CancellationToken ct);

    Task<Credentials?> GetCredentialsAsync(string username, CancellationToken ct);

    Task UpdatePasswordHashAsync(long userId, string passwordHash, CancellationToken ct);

    /// <summary>Sets the given fields (null leaves a field as it is) and returns the new state.</summary>
    Task<UserRecord?> UpdateProfileAsync(long userId, string? displayName, string? bio, CancellationToken ct);

    /// <summary>The account's email settings (read on the primary: a change is seen at once); null for an unknown id.</summary>
    Task<EmailSettings?> GetEmailSettingsAsync(long userId, CancellationToken ct);

    /// <summary>Turns announcement emails on or off and returns the new settings; null for an unknown id.</summary>
    Task<EmailSettings?> SetAnnouncementEmailsAsync(long userId, bool on, CancellationToken ct);
}
