using Dapper;

namespace Stadium.Data.Stores;

/// <summary>Accounts and profiles. Credentials are read on the primary: a login right after registering must find the account.</summary>
internal sealed class UserStore(IDatabase database, SqlDialect dialect) : IUserStore
{
    public Task<long?> CreateUserAsync(NewUser user, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"""
            INSERT INTO users (username, email, password_hash, created_at) VALUES (@Username, @Email, @PasswordHash, @at)
            ON CONFLICT {dialect.UsernameConflict} DO NOTHING
            RETURNING id
            """,
            new { user.Username, user.Email, user.PasswordHash, at = Ms.Of(user.CreatedAt) }, transaction, cancellationToken: ct)), ct);

    public Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken ct) =>
        database.ReadAsync(async connection => (await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserRow.Columns} FROM users WHERE {dialect.UsernameEquals}", new { username }, cancellationToken: ct)))?.ToRecord(), ct);

    public Task<UserRecord?> FindByIdAsync(long id, CancellationToken ct) =>
        database.ReadAsync(async connection => (await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserRow.Columns} FROM users WHERE id = @id", new { id }, cancellationToken: ct)))?.ToRecord(), ct);

    public Task<Credentials?> GetCredentialsAsync(string username, CancellationToken ct) =>
        database.ReadPrimaryAsync(connection => connection.QuerySingleOrDefaultAsync<Credentials>(new CommandDefinition(
            $"SELECT id AS UserId, username AS Username, password_hash AS PasswordHash FROM users WHERE {dialect.UsernameEquals}",
            new { username }, cancellationToken: ct)), ct);

    public Task UpdatePasswordHashAsync(long userId, string passwordHash, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @passwordHash WHERE id = @userId", new { userId, passwordHash }, transaction, cancellationToken: ct)), ct);

    public Task<UserRecord?> UpdateProfileAsync(long userId, string? displayName, string? bio, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) => (await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"""
            UPDATE users SET display_name = COALESCE(@displayName, display_name), bio = COALESCE(@bio, bio)
            WHERE id = @userId RETURNING {UserRow.Columns}
            """,
            new { userId, displayName, bio }, transaction, cancellationToken: ct)))?.ToRecord(), ct);

    public Task<EmailSettings?> GetEmailSettingsAsync(long userId, CancellationToken ct) =>
        database.ReadPrimaryAsync(async connection => (await connection.QuerySingleOrDefaultAsync<EmailSettingsRow>(new CommandDefinition(
            $"SELECT {EmailSettingsRow.Columns} FROM users WHERE id = @userId", new { userId }, cancellationToken: ct)))?.ToRecord(), ct);

    public Task<EmailSettings?> SetAnnouncementEmailsAsync(long userId, bool on, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) => (await connection.QuerySingleOrDefaultAsync<EmailSettingsRow>(new CommandDefinition(
            $"UPDATE users SET announcement_emails = @on WHERE id = @userId RETURNING {EmailSettingsRow.Columns}",
            new { userId, on }, transaction, cancellationToken: ct)))?.ToRecord(), ct);

    /// <summary>A class with setters, not a record: the flag is a boolean on PostgreSQL and an integer on SQLite.</summary>
    private sealed class EmailSettingsRow
    {
        public const string Columns = "email AS Email, announcement_emails AS Announcements";

        public string Email { get; set; } = "";

        public bool Announcements { get; set; }

        public EmailSettings ToRecord() => new(Email, Announcements);
    }
}
