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

    /// <summary>Rows in one of the seeded tables (a fixed name, never user input).</summary>
    public static long Count(IDbConnection connection, string table) => connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}");
}
