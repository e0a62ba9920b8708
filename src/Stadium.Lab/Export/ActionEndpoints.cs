using Stadium.Lab.Journeys;
using Stadium.Lab.Journeys.Actions;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Export;

/// <summary>
/// The endpoints each journey action calls (besides the login or refresh any action may need first), so that an export
/// gates only what its mix reaches: a threshold on an endpoint the script never calls would pass with no data.
/// </summary>
internal static class ActionEndpoints
{
    private static readonly Dictionary<string, EndpointDefinition[]> ByAction = new(StringComparer.Ordinal)
    {
        [JourneyActions.OpenApp.Name] = [StadiumEndpoints.Feed],
        [JourneyActions.ReadFeed.Name] = [StadiumEndpoints.Feed],
        [JourneyActions.PageFeed.Name] = [StadiumEndpoints.Feed],
        [JourneyActions.OpenProfile.Name] = [StadiumEndpoints.Profile],
        [JourneyActions.UserPosts.Name] = [StadiumEndpoints.UserPosts],
        [JourneyActions.CreatePost.Name] = [StadiumEndpoints.CreatePost],
        [JourneyActions.Follow.Name] = [StadiumEndpoints.Follow],
        [JourneyActions.Unfollow.Name] = [StadiumEndpoints.Unfollow],
        [JourneyActions.Export.Name] = [StadiumEndpoints.Export],
    };

    /// <summary>The endpoints the actions reach, login included, in <see cref="StadiumEndpoints.All"/>'s order.</summary>
    /// <exception cref="InvalidOperationException">An action registered in the lab has no entry here.</exception>
    public static IReadOnlyList<EndpointDefinition> Reached(IEnumerable<string> actions)
    {
        var reached = new HashSet<EndpointDefinition> { StadiumEndpoints.Login };
        foreach (var action in actions)
        {
            reached.UnionWith(ByAction.TryGetValue(action, out var endpoints)
                ? endpoints
                : throw new InvalidOperationException($"The exporters do not know journey action '{action}'."));
        }

        return [.. StadiumEndpoints.All.Where(reached.Contains)];
    }
}
