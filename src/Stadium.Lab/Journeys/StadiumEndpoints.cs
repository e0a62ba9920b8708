using Stadium.Lab.Measurement;

namespace Stadium.Lab.Journeys;

/// <summary>The Stadium API endpoints journeys call, named for thresholds, with the server's route templates.</summary>
internal static class StadiumEndpoints
{
    /// <summary>Logins are where the server sheds a burst (password hashing is the costly step): expected, counted as shed.</summary>
    public static readonly EndpointDefinition Login = new("login", "POST", "/v1/auth/login", ExpectShed: true);
    public static readonly EndpointDefinition Refresh = new("refresh", "POST", "/v1/auth/refresh");
    public static readonly EndpointDefinition Feed = new("feed", "GET", "/v1/feed");
    public static readonly EndpointDefinition Profile = new("profile", "GET", "/v1/users/{username}");
    public static readonly EndpointDefinition UserPosts = new("userPosts", "GET", "/v1/users/{username}/posts");
    public static readonly EndpointDefinition CreatePost = new("createPost", "POST", "/v1/posts");
    public static readonly EndpointDefinition Follow = new("follow", "PUT", "/v1/users/{username}/follow");
    public static readonly EndpointDefinition Unfollow = new("unfollow", "DELETE", "/v1/users/{username}/follow");
    public static readonly EndpointDefinition Export = new("export", "POST", "/v1/exports");

    public static readonly IReadOnlyList<EndpointDefinition> All = [Login, Refresh, Feed, Profile, UserPosts, CreatePost, Follow, Unfollow, Export];
}
