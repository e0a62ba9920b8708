namespace Stadium.Data.Seeding;

internal static class SeedRowsExtensions
{
    public static void Add(this ISeedRows<(long, long, long)> rows, long a, long b, long c) => rows.Add((a, b, c));

    public static void Add(this ISeedRows<(long, string, long)> rows, long a, string b, long c) => rows.Add((a, b, c));
}
