using Dapper;

namespace Stadium.Data.Sqlite;

/// <summary>Applies pending schema migrations; safe to run at every start.</summary>
internal static class SqliteMigrator
{
    public static int Migrate(SqliteDatabase database)
    {
        var directory = System.IO.Path.GetDirectoryName(database.Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        if (!OperatingSystem.IsWindows() && !File.Exists(database.Path))
        {
            // Password and refresh-token hashes and e-mail addresses: readable by this account only. SQLite gives its
            // -wal and -shm files the database file's mode, so creating it first with 0600 covers them too.
            try
            {
                using var created = new FileStream(database.Path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (File.Exists(database.Path))
            {
                // Another process created it in between: its own start set the mode.
            }
        }

        using var connection = database.Open();
        connection.Execute("PRAGMA journal_mode=WAL");
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
        var current = connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        for (var version = current + 1; version <= SqliteSchema.ExpectedVersion; version++)
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(SqliteSchema.Migrations[version - 1], transaction: transaction);
            if (version == 1)
            {
                foreach (var index in SqliteSchema.SecondaryIndexes)
                {
                    connection.Execute(index, transaction: transaction);
                }
            }

            connection.Execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)",
                new { version, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                transaction);
            transaction.Commit();
        }

        return SqliteSchema.ExpectedVersion;
    }
}
