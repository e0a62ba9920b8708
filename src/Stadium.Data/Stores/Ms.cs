namespace Stadium.Data.Stores;

/// <summary>Times are stored as Unix milliseconds on every engine: one integer column, the same index order everywhere.</summary>
internal static class Ms
{
    public static long Of(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset From(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
