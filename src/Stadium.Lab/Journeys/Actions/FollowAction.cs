namespace Stadium.Lab.Journeys.Actions;

/// <summary>Follows another account.</summary>
internal sealed class FollowAction : IJourneyAction
{
    public string Name => "follow";

    public IReadOnlyList<string> Aliases => [];

    public Task RunAsync(JourneyIteration iteration, CancellationToken ct) =>
        iteration.SendAsync(HttpMethod.Put, $"/v1/users/{iteration.OtherUser()}/follow", null, StadiumEndpoints.Follow, keepBody: false, ct);
}
