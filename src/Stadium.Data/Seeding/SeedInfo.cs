using System.Data;
using Dapper;

namespace Stadium.Data.Seeding;

/// <summary>The questions every seed target answers the same way on any SQL engine.</summary>
internal static class SeedInfo
{
    public static int? SeededUsers(IDbConnection connection)
    {
        var value = connection.ExecuteScalar<string?>("SELECT value FROM seed_info WHERE key = 'users'");
        return value is null ? null : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A seed began (<see cref="MarkStarted"/>) but did not record its users: it never finished.</summary>
    public static bool Interrupted(IDbConnection connection) =>
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM seed_info WHERE key = 'started'") > 0 && SeededUsers(connection) is null;

    public static void MarkStarted(IDbConnection connection) =>
        connection.Execute("DELETE FROM seed_info WHERE key = 'started'; INSERT INTO seed_info (key, value) VALUES ('started', '1')");

    /// <summary>Rows in one of the seeded tables (a fixed name, never user input).</summary>
    public static long Count(IDbConnection connection, string table) => connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}");
}
