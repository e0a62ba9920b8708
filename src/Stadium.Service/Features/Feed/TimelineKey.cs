namespace Stadium.Service.Features.Feed;

/// <summary>Which list of post ids: a user's home timeline, or an author's own recent posts.</summary>
public readonly record struct TimelineKey(TimelineKind Kind, long UserId)
{
    public static TimelineKey Home(long userId) => new(TimelineKind.Home, userId);

    public static TimelineKey Author(long userId) => new(TimelineKind.Author, userId);
}
