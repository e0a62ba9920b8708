namespace Stadium.Service.Features.Feed;

/// <summary>Post ids newest first, and whether older ids remain in the list.</summary>
public readonly record struct TimelineSlice(long[] Ids, bool More);
