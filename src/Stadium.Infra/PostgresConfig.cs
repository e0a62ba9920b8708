using System.Globalization;
using System.Text;

namespace Stadium.Infra;

/// <summary>Writes postgresql.conf additions and pg_hba.conf for launched servers.</summary>
internal static class PostgresConfig
{
    /// <summary>Unix socket paths are limited to 107 bytes, including "/.s.PGSQL.NNNNN".</summary>
    private const int MaxSocketDirectoryLength = 90;

    /// <summary>Appended to the primary's postgresql.conf; the later lines win over initdb's.</summary>
    public static string PrimarySettings(int port, string socketDirectory, PostgresTuning tuning)
    {
        // Clients use TCP on 127.0.0.1; the socket is a convenience for psql, dropped when its path is too long.
        var socket = socketDirectory.Length <= MaxSocketDirectoryLength ? socketDirectory : "";
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("# stadium infra")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(Setting("port", port))
            .AppendLine($"unix_socket_directories = '{socket.Replace("'", "''", StringComparison.Ordinal)}'")
            .AppendLine(Setting("max_connections", tuning.MaxConnections))
            .AppendLine($"shared_buffers = '{tuning.SharedBuffers}'")
            .AppendLine($"fsync = {(tuning.Fsync ? "on" : "off")}")
            // A standby made by pg_basebackup starts with crash recovery, which first fsyncs every file of
            // its copy one by one (~1.5 s here); one syncfs() call does the same job faster.
            .AppendLine("recovery_init_sync_method = syncfs")
            .AppendLine("password_encryption = 'scram-sha-256'")
            .AppendLine("wal_level = replica")
            .AppendLine("max_wal_senders = 10")
            .AppendLine("max_replication_slots = 10")
            // A stopped standby's slot must not fill the disk with retained WAL.
            .AppendLine("max_slot_wal_keep_size = '1GB'")
            .AppendLine("hot_standby = on")
            .AppendLine("hot_standby_feedback = on")
            .AppendLine("cluster_name = 'primary'");
        return text.ToString();
    }

    /// <summary>
    /// Appended to a standby's copy of the primary's postgresql.conf. cluster_name becomes the
    /// application_name the primary shows in pg_stat_replication.
    /// </summary>
    public static string ReplicaSettings(int port, string name) =>
        $"\n# stadium infra standby\n{Setting("port", port)}\ncluster_name = '{name}'\n";

    /// <summary>TCP only from 127.0.0.1 with passwords (SCRAM); the socket only for the OS account of the same name.</summary>
    public static string HostBasedAccess(PostgresCredentials credentials) =>
        $"""
        # stadium infra: written by the launcher
        local   all           all                                   peer
        host    replication   {credentials.ReplicationUser}   127.0.0.1/32   scram-sha-256
        host    all           all              127.0.0.1/32   scram-sha-256

        """;

    private static string Setting(string name, int value) => $"{name} = {value.ToString(CultureInfo.InvariantCulture)}";
}
