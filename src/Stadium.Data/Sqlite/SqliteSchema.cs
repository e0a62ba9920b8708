namespace Stadium.Data.Sqlite;

/// <summary>The SQLite schema as numbered migrations, applied in order at start.</summary>
internal static class SqliteSchema
{
    // Secondary indexes live apart from the tables so the bulk seeder can build them after loading,
    // which is several times faster than maintaining them row by row.
    public static readonly string[] SecondaryIndexes =
    [
        "CREATE INDEX IF NOT EXISTS ix_posts_author ON posts (author_id, id)",
        "CREATE INDEX IF NOT EXISTS ix_follows_followee ON follows (followee_id, follower_id)",
    ];

    public static readonly string[] SecondaryIndexNames = ["ix_posts_author", "ix_follows_followee"];

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL COLLATE NOCASE UNIQUE,
            email TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            display_name TEXT NOT NULL DEFAULT '',
            bio TEXT NOT NULL DEFAULT '',
            followers_count INTEGER NOT NULL DEFAULT 0,
            following_count INTEGER NOT NULL DEFAULT 0,
            posts_count INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
        -- AUTOINCREMENT: a deleted post's id is never handed out again, so cursors and cache
        -- tombstones stay unambiguous.
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            author_id INTEGER NOT NULL,
            text TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE follows (
            follower_id INTEGER NOT NULL,
            followee_id INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (follower_id, followee_id)
        ) WITHOUT ROWID;
        CREATE TABLE refresh_sessions (
            token_hash BLOB PRIMARY KEY,
            family_id TEXT NOT NULL,
            user_id INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            used_at INTEGER,
            revoked_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX ix_refresh_sessions_family ON refresh_sessions (family_id);
        CREATE TABLE idempotency_keys (
            user_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            post_id INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, key)
        ) WITHOUT ROWID;
        CREATE TABLE seed_info (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
        // 2: the durable job queue (see docs/jobs.md) and the tables of the work it carries.
        """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            type TEXT NOT NULL,
            payload TEXT NOT NULL,
            user_id INTEGER,
            unique_key TEXT,
            priority INTEGER NOT NULL DEFAULT 1,
            state TEXT NOT NULL,
            attempt INTEGER NOT NULL DEFAULT 0,
            max_attempts INTEGER NOT NULL,
            run_at INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            locked_by TEXT,
            lease_until INTEGER,
            last_error TEXT
        );
        CREATE INDEX ix_jobs_claim ON jobs (type, priority, run_at, id) WHERE state = 'available';
        CREATE INDEX ix_jobs_pending_user ON jobs (type, user_id) WHERE state IN ('available', 'running');
        CREATE INDEX ix_jobs_lease ON jobs (lease_until) WHERE state = 'running';
        CREATE UNIQUE INDEX ux_jobs_unique ON jobs (unique_key) WHERE unique_key IS NOT NULL AND state IN ('available', 'running');
        CREATE TABLE exports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL,
            status TEXT NOT NULL,
            file_name TEXT,
            error TEXT,
            created_at INTEGER NOT NULL,
            completed_at INTEGER
        );
        CREATE INDEX ix_exports_user ON exports (user_id, id);
        CREATE TABLE announcements (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            author_id INTEGER NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            status TEXT NOT NULL,
            recipients INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE email_deliveries (
            announcement_id INTEGER NOT NULL,
            recipient_id INTEGER NOT NULL,
            provider TEXT NOT NULL,
            sent_at INTEGER NOT NULL,
            PRIMARY KEY (announcement_id, recipient_id)
        ) WITHOUT ROWID;
        """,
        // 3: revoked sessions by time, so a starting node (or one without Redis) can load the revocations in force.
        """
        CREATE INDEX ix_refresh_sessions_revoked ON refresh_sessions (revoked_at) WHERE revoked_at IS NOT NULL;
        """,
        // 4: retention (docs/jobs.md#retention). Each sweep takes its oldest rows first through an index ordered by age;
        // a finished job records when it finished; an announcement keeps the counts of its swept deliveries.
        """
        ALTER TABLE jobs ADD COLUMN finished_at INTEGER;
        UPDATE jobs SET finished_at = run_at WHERE state = 'dead';
        CREATE INDEX ix_jobs_finished ON jobs (state, finished_at) WHERE state IN ('completed', 'dead');
        CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);
        CREATE INDEX ix_email_deliveries_sent ON email_deliveries (sent_at);
        CREATE INDEX ix_exports_finished ON exports (completed_at) WHERE status IN ('completed', 'failed');
        ALTER TABLE announcements ADD COLUMN swept_delivered INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE announcements ADD COLUMN swept_undeliverable INTEGER NOT NULL DEFAULT 0;
        """,
        // 5: a user's live sessions, for a password change or "log out everywhere" (POST /v1/auth/password, /logout-all).
        """
        CREATE INDEX ix_refresh_sessions_user ON refresh_sessions (user_id) WHERE revoked_at IS NULL;
        """,
        // 6: whether an account takes announcement emails (one-click unsubscribe, PATCH /v1/me/email).
        """
        ALTER TABLE users ADD COLUMN announcement_emails INTEGER NOT NULL DEFAULT 1;
        """,
    ];

    public static int ExpectedVersion => Migrations.Length;
}
