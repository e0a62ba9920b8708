namespace Stadium.Service.Platform.Memory;

/// <summary>
/// Bytes a cached value holds, as the caches count them against their limits. Strings count two bytes a character
/// (UTF-16) plus their header; every object adds its header and the cache entry around it.
/// </summary>
internal static class EntrySize
{
    /// <summary>A MemoryCache entry with its key, options and FusionCache wrapper, before the value itself.</summary>
    public const long EntryOverhead = 160;

    /// <summary>For an entry whose caller sets no size (a small fixed value such as the celebrity epoch).</summary>
    public const long Unknown = 256;

    public static long Of(string? text) => text is null ? 0 : 24 + (2L * text.Length);

    public static long OfIds(int count) => 24 + (8L * count);
}
