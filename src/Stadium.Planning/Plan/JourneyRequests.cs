using Stadium.Lab.Journeys;

namespace Stadium.Planning.Plan;

/// <summary>
/// The requests one visit of a journey action makes, per endpoint, as the lab's actions send them
/// (src/Stadium.Lab/Journeys/Actions): one each, except a feed visit that pages and an app opening (a login and its
/// feed reads).
/// </summary>
internal static class JourneyRequests
{
    public static IEnumerable<(string Endpoint, double PerVisit, string Why)> Of(string action, PlanAssumptions assume) => action switch
    {
        "openApp" => [(StadiumEndpoints.Login.Name, 1, "a login"), (StadiumEndpoints.Feed.Name, assume["feedReadsPerLogin"], "feedReadsPerLogin")],
        "readFeed" => [(StadiumEndpoints.Feed.Name, 1, "one page")],
        "pageFeed" => [(StadiumEndpoints.Feed.Name, assume["feedPagesPerVisit"], $"feedPagesPerVisit {assume["feedPagesPerVisit"]:0.##}")],
        "openProfile" => [(StadiumEndpoints.Profile.Name, 1, "one profile")],
        "userPosts" => [(StadiumEndpoints.UserPosts.Name, 1, "one page")],
        "createPost" => [(StadiumEndpoints.CreatePost.Name, 1, "one post")],
        "follow" => [(StadiumEndpoints.Follow.Name, 1, "one follow")],
        "unfollow" => [(StadiumEndpoints.Unfollow.Name, 1, "one unfollow")],
        "export" => [(StadiumEndpoints.Export.Name, 1, "one queued job")],
        _ => throw new FormatException($"journey action '{action}' makes no request the planner knows"),
    };
}
