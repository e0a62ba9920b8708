using System.Security.Cryptography;

namespace Stadium.Infra;

/// <summary>
/// The accounts of a launched cluster: a superuser for administration, a replication user for
/// pg_basebackup and the standbys, and the application's own user owning the application database.
/// Passwords are random hex, so they can be spliced into SQL and connection strings without quoting.
/// </summary>
internal sealed record PostgresCredentials(
    string AdminUser,
    string AdminPassword,
    string ReplicationUser,
    string ReplicationPassword,
    string AppUser,
    string AppPassword,
    string Database)
{
    public static PostgresCredentials Generate() => new(
        AdminUser: "postgres",
        AdminPassword: NewPassword(),
        ReplicationUser: "replicator",
        ReplicationPassword: NewPassword(),
        AppUser: "stadium",
        AppPassword: NewPassword(),
        Database: "stadium");

    public string AppConnectionString(int port) =>
        $"Host=127.0.0.1;Port={port};Username={AppUser};Password={AppPassword};Database={Database}";

    public static string AdminConnectionString(InfraSection infra, int port, string database = "postgres") =>
        $"Host=127.0.0.1;Port={port};Username={infra.AdminUser};Password={infra.AdminPassword};Database={database}";

    private static string NewPassword() => RandomNumberGenerator.GetHexString(32, lowercase: true);
}
