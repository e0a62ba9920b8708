namespace Stadium.Lab.Journeys.Actions;

/// <summary>The first page of another account's posts.</summary>
internal sealed class UserPostsAction : IJourneyAction
{
    public string Name => "userPosts";

    public IReadOnlyList<string> Aliases => [];

    public Task RunAsync(JourneyIteration iteration, CancellationToken ct) =>
        iteration.ReadPagesAsync($"/v1/users/{iteration.OtherUser()}/posts", StadiumEndpoints.UserPosts, 1, ct);
}
