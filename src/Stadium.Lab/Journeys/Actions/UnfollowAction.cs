namespace Stadium.Lab.Journeys.Actions;

/// <summary>Unfollows another account (whether or not it was followed).</summary>
internal sealed class UnfollowAction : IJourneyAction
{
    public string Name => "unfollow";

    public IReadOnlyList<string> Aliases => [];

    public Task RunAsync(JourneyIteration iteration, CancellationToken ct) =>
        iteration.SendAsync(HttpMethod.Delete, $"/v1/users/{iteration.OtherUser()}/follow", null, StadiumEndpoints.Unfollow, keepBody: false, ct);
}
