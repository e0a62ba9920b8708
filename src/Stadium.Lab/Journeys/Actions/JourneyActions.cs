using Stadium.Lab.Naming;

namespace Stadium.Lab.Journeys.Actions;

/// <summary>Every action a journey mix can name: the one place they are registered.</summary>
internal static class JourneyActions
{
    public static readonly IJourneyAction OpenApp = new OpenAppAction();
    public static readonly IJourneyAction ReadFeed = new ReadFeedAction();
    public static readonly IJourneyAction PageFeed = new PageFeedAction();
    public static readonly IJourneyAction OpenProfile = new OpenProfileAction();
    public static readonly IJourneyAction UserPosts = new UserPostsAction();
    public static readonly IJourneyAction CreatePost = new CreatePostAction();
    public static readonly IJourneyAction Follow = new FollowAction();
    public static readonly IJourneyAction Unfollow = new UnfollowAction();
    public static readonly IJourneyAction Export = new ExportAction();

    /// <summary>Names are matched without their dashes as well (read-feed is readFeed), as scenarios have always written them.</summary>
    public static readonly NamedRegistry<IJourneyAction> Registry = new(
        "journey action",
        [OpenApp, ReadFeed, PageFeed, OpenProfile, UserPosts, CreatePost, Follow, Unfollow, Export],
        name => name.Replace("-", string.Empty, StringComparison.Ordinal));
}
