namespace Stadium.Service.Features.Feed;

/// <summary>"Stadium:Feed": timeline sizes and the celebrity line between fan-out on write and merge on read.</summary>
public sealed class FeedOptions
{
    public const string Section = "Stadium:Feed";

    /// <summary>Entries kept per home timeline.</summary>
    public int TimelineCapacity { get; set; } = 800;

    /// <summary>Authors with more followers than this are merged at read time instead of fanned out.</summary>
    public int CelebrityFollowers { get; set; } = 10_000;

    /// <summary>Timelines kept in memory; the least recently read are dropped and rebuilt on demand.</summary>
    public int MaxResidentTimelines { get; set; } = 100_000;
}
