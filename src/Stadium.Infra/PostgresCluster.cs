using Npgsql;

namespace Stadium.Infra;

/// <summary>
/// Builds a primary and its streaming standbys from nothing: initdb for the primary, then one
/// <c>pg_basebackup -R -X stream</c> per standby, each with its own replication slot.
/// </summary>
internal sealed class PostgresCluster(PostgresBinaries binaries, ServerAccount account, PostgresCredentials credentials, PostgresTuning tuning)
{
    private static readonly TimeSpan StreamingTimeout = TimeSpan.FromSeconds(30);

    public PostgresServer Server(string name, string dataDir, int port) => new(binaries, account, name, dataDir, port);

    /// <summary>initdb, configure, start, then create the replication user, the application user and its database.</summary>
    public async Task<PostgresServer> CreatePrimaryAsync(string dataDir, int port, CancellationToken ct)
    {
        var parent = Path.GetDirectoryName(dataDir)!;
        await InitDbAsync(dataDir, parent, ct);
        await File.AppendAllTextAsync(
            Path.Combine(dataDir, "postgresql.conf"), PostgresConfig.PrimarySettings(port, parent, tuning), ct);
        await File.WriteAllTextAsync(Path.Combine(dataDir, "pg_hba.conf"), PostgresConfig.HostBasedAccess(credentials), ct);

        var primary = Server(ServerRoles.Primary, dataDir, port);
        await primary.StartAsync(ct);
        await CreateRolesAsync(port, ct);
        return primary;
    }

    /// <summary>Copies the running primary with pg_basebackup into a standby that streams from it, and starts it.</summary>
    public async Task<PostgresServer> CreateReplicaAsync(PostgresServer primary, string name, string dataDir, int port, CancellationToken ct)
    {
        string[] arguments =
        [
            "-h", "127.0.0.1", "-p", primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", credentials.ReplicationUser, "-D", dataDir,
            // -R writes standby.signal and primary_conninfo; -C -S creates a slot so the primary keeps the WAL it needs.
            "-R", "-X", "stream", "-C", "-S", name, "-c", "fast",
            // A fresh copy lost to a power cut is remade by the next `up`; fsync governs what is written later.
            "--no-sync",
        ];
        await account.RunCheckedAsync(
            binaries.PgBaseBackup,
            arguments,
            ct,
            new Dictionary<string, string> { ["PGPASSWORD"] = credentials.ReplicationPassword });
        await File.AppendAllTextAsync(Path.Combine(dataDir, "postgresql.conf"), PostgresConfig.ReplicaSettings(port, name), ct);

        var replica = Server(name, dataDir, port);
        await replica.StartAsync(ct);
        return replica;
    }

    /// <summary>Waits until the primary reports every named standby as streaming.</summary>
    public async Task WaitUntilStreamingAsync(PostgresServer primary, IReadOnlyCollection<string> replicaNames, CancellationToken ct)
    {
        if (replicaNames.Count == 0)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(AdminConnectionString(primary.Port));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND application_name = ANY(@names)",
            connection);
        command.Parameters.AddWithValue("names", replicaNames.ToArray());

        var deadline = DateTime.UtcNow + StreamingTimeout;
        while (Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) < replicaNames.Count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InfraCommandException(
                    $"the standbys {string.Join(", ", replicaNames)} were not all streaming after {StreamingTimeout.TotalSeconds} s; see their logs beside their data folders");
            }

            await Task.Delay(25, ct);
        }
    }

    private string AdminConnectionString(int port) =>
        $"Host=127.0.0.1;Port={port};Username={credentials.AdminUser};Password={credentials.AdminPassword};Database=postgres;Pooling=false";

    private async Task InitDbAsync(string dataDir, string parent, CancellationToken ct)
    {
        // initdb reads the superuser's password from a file the server account can read; it is removed right after.
        var passwordFile = Path.Combine(parent, ".initdb-password");
        await using (var stream = new FileStream(passwordFile, FileModes.CreateWith(FileModes.OwnerOnly)))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(credentials.AdminPassword);
        }

        try
        {
            if (account.SwitchesUser)
            {
                await CommandRunner.RunCheckedAsync("chown", [$"{account.UserName}:", passwordFile], null, ct);
            }

            string[] arguments =
            [
                "-D", dataDir, "-U", credentials.AdminUser, "-E", "UTF8", "--no-locale",
                "--auth-local=peer", "--auth-host=scram-sha-256", $"--pwfile={passwordFile}", "--no-instructions",
                // As for the standbys' copies: a fresh cluster lost to a power cut is remade by the next `up`.
                "--no-sync",
            ];
            await account.RunCheckedAsync(binaries.InitDb, arguments, ct);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private async Task CreateRolesAsync(int port, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString(port));
        await connection.OpenAsync(ct);
        // CREATE ROLE takes no parameters; the passwords are hex, so splicing them in is safe.
        string[] statements =
        [
            $"CREATE ROLE {credentials.ReplicationUser} WITH REPLICATION LOGIN PASSWORD '{credentials.ReplicationPassword}'",
            $"CREATE ROLE {credentials.AppUser} WITH LOGIN PASSWORD '{credentials.AppPassword}'",
            $"CREATE DATABASE {credentials.Database} OWNER {credentials.AppUser}",
        ];
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
