using Dapper;
using Npgsql;

namespace Stadium.Data.Postgres;

/// <summary>The PostgreSQL schema as numbered migrations, applied at start under an advisory lock.</summary>
internal static class PostgresSchema
{
    private const long MigrationLock = 0x5374616469756D; // "Stadium"

    public static readonly string[] SecondaryIndexes =
    [
        "CREATE INDEX IF NOT EXISTS ix_posts_author ON posts (author_id, id)",
        "CREATE INDEX IF NOT EXISTS ix_follows_followee ON follows (followee_id, follower_id)",
    ];

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE users (
            id bigserial PRIMARY KEY,
            username text NOT NULL,
            email text NOT NULL,
            password_hash text NOT NULL,
            display_name text NOT NULL DEFAULT '',
            bio text NOT NULL DEFAULT '',
            followers_count integer NOT NULL DEFAULT 0,
            following_count integer NOT NULL DEFAULT 0,
            posts_count integer NOT NULL DEFAULT 0,
            created_at bigint NOT NULL
        );
        CREATE UNIQUE INDEX ux_users_username ON users (lower(username));
        CREATE TABLE posts (
            id bigserial PRIMARY KEY,
            author_id bigint NOT NULL,
            text text NOT NULL,
            created_at bigint NOT NULL
        );
        CREATE TABLE follows (
            follower_id bigint NOT NULL,
            followee_id bigint NOT NULL,
            created_at bigint NOT NULL,
            PRIMARY KEY (follower_id, followee_id)
        );
        CREATE TABLE refresh_sessions (
            token_hash bytea PRIMARY KEY,
            family_id uuid NOT NULL,
            user_id bigint NOT NULL,
            created_at bigint NOT NULL,
            expires_at bigint NOT NULL,
            used_at bigint,
            revoked_at bigint
        );
        CREATE INDEX ix_refresh_sessions_family ON refresh_sessions (family_id);
        CREATE TABLE idempotency_keys (
            user_id bigint NOT NULL,
            key text NOT NULL,
            fingerprint text NOT NULL,
            post_id bigint NOT NULL,
            created_at bigint NOT NULL,
            PRIMARY KEY (user_id, key)
        );
        CREATE TABLE seed_info (key text PRIMARY KEY, value text NOT NULL);
        """,
        // 2: the durable job queue (see docs/jobs.md) and the tables of the work it carries.
        """
        CREATE TABLE jobs (
            id bigserial PRIMARY KEY,
            type text NOT NULL,
            payload text NOT NULL,
            user_id bigint,
            unique_key text,
            priority smallint NOT NULL DEFAULT 1,
            state text NOT NULL,
            attempt integer NOT NULL DEFAULT 0,
            max_attempts integer NOT NULL,
            run_at bigint NOT NULL,
            created_at bigint NOT NULL,
            locked_by text,
            lease_until bigint,
            last_error text
        );
        CREATE INDEX ix_jobs_claim ON jobs (type, priority, run_at, id) WHERE state = 'available';
        CREATE INDEX ix_jobs_pending_user ON jobs (type, user_id) WHERE state IN ('available', 'running');
        CREATE INDEX ix_jobs_lease ON jobs (lease_until) WHERE state = 'running';
        CREATE UNIQUE INDEX ux_jobs_unique ON jobs (unique_key) WHERE unique_key IS NOT NULL AND state IN ('available', 'running');
        CREATE TABLE exports (
            id bigserial PRIMARY KEY,
            user_id bigint NOT NULL,
            status text NOT NULL,
            file_name text,
            error text,
            created_at bigint NOT NULL,
            completed_at bigint
        );
        CREATE INDEX ix_exports_user ON exports (user_id, id);
        CREATE TABLE announcements (
            id bigserial PRIMARY KEY,
            author_id bigint NOT NULL,
            subject text NOT NULL,
            body text NOT NULL,
            status text NOT NULL,
            recipients integer NOT NULL DEFAULT 0,
            created_at bigint NOT NULL
        );
        CREATE TABLE email_deliveries (
            announcement_id bigint NOT NULL,
            recipient_id bigint NOT NULL,
            provider text NOT NULL,
            sent_at bigint NOT NULL,
            PRIMARY KEY (announcement_id, recipient_id)
        );
        """,
        // 3: revoked sessions by time, so a starting node (or one without Redis) can load the revocations in force.
        """
        CREATE INDEX ix_refresh_sessions_revoked ON refresh_sessions (revoked_at) WHERE revoked_at IS NOT NULL;
        """,
        // 4: retention (docs/jobs.md#retention). Each sweep takes its oldest rows first through an index ordered by age;
        // a finished job records when it finished; an announcement keeps the counts of its swept deliveries.
        """
        ALTER TABLE jobs ADD COLUMN finished_at bigint;
        UPDATE jobs SET finished_at = run_at WHERE state = 'dead';
        CREATE INDEX ix_jobs_finished ON jobs (state, finished_at) WHERE state IN ('completed', 'dead');
        CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);
        CREATE INDEX ix_email_deliveries_sent ON email_deliveries (sent_at);
        CREATE INDEX ix_exports_finished ON exports (completed_at) WHERE status IN ('completed', 'failed');
        ALTER TABLE announcements ADD COLUMN swept_delivered bigint NOT NULL DEFAULT 0;
        ALTER TABLE announcements ADD COLUMN swept_undeliverable bigint NOT NULL DEFAULT 0;
        """,
        // 5: a user's live sessions, for a password change or "log out everywhere" (POST /v1/auth/password, /logout-all).
        """
        CREATE INDEX ix_refresh_sessions_user ON refresh_sessions (user_id) WHERE revoked_at IS NULL;
        """,
        // 6: whether an account takes announcement emails (one-click unsubscribe, PATCH /v1/me/email). A column with a
        // constant default: PostgreSQL adds it without rewriting the table.
        """
        ALTER TABLE users ADD COLUMN announcement_emails boolean NOT NULL DEFAULT true;
        """,
    ];

    public static int ExpectedVersion => Migrations.Length;

    public static async Task<int> MigrateAsync(NpgsqlDataSource primary, CancellationToken ct)
    {
        await using var connection = await primary.OpenConnectionAsync(ct);
        // Several nodes may start at once; one migrates, the others wait and then find nothing to do.
        await connection.ExecuteAsync("SELECT pg_advisory_lock(@MigrationLock)", new { MigrationLock });
        try
        {
            await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)");
            var current = await connection.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
            for (var version = current + 1; version <= ExpectedVersion; version++)
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await connection.ExecuteAsync(Migrations[version - 1], transaction: transaction);
                if (version == 1)
                {
                    foreach (var index in SecondaryIndexes)
                    {
                        await connection.ExecuteAsync(index, transaction: transaction);
                    }
                }

                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)",
                    new { version, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction);
                await transaction.CommitAsync(ct);
            }
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@MigrationLock)", new { MigrationLock });
        }

        return ExpectedVersion;
    }
}
