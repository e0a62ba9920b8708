using Stadium.Data.Sqlite;
using Stadium.Data.Tests.Contract;

namespace Stadium.Data.Tests;

/// <summary>The store contract on the embedded default: a fresh SQLite file per test.</summary>
public sealed class SqliteStoreContractTests : StoreContract, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "stadium-data-tests", Guid.NewGuid().ToString("n"), "stadium.db");
    private readonly SqliteDatabase _database;
    private readonly StoreSet _stores;

    public SqliteStoreContractTests()
    {
        _database = new SqliteDatabase(_path);
        SqliteMigrator.Migrate(_database);
        _stores = StoreSet.Over(_database, SqliteProvider.Dialect);
    }

    protected override IUserStore Users => _stores.Users;

    protected override IPostStore Posts => _stores.Posts;

    protected override IFollowStore Follows => _stores.Follows;

    protected override ISessionStore Sessions => _stores.Sessions;

    protected override IStoreHealth Health => new SqliteStoreHealth(_database);

    [Fact]
    public void Migrations_are_idempotent_and_use_wal()
    {
        Assert.Equal(SqliteMigrator.Migrate(_database), SqliteMigrator.Migrate(_database));
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_database_and_its_wal_are_readable_by_this_account_only()
    {
        // Password and refresh-token hashes and e-mail addresses live here.
        await Users.CreateUserAsync(new NewUser("private_one", "p@example.com", "hash", DateTimeOffset.UtcNow), CancellationToken.None);
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(owner, File.GetUnixFileMode(_path));
        Assert.Equal(owner, File.GetUnixFileMode(_path + "-wal"));
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }
}
