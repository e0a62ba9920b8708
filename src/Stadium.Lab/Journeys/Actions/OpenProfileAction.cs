namespace Stadium.Lab.Journeys.Actions;

/// <summary>Another account's profile (a Zipf choice, never the user's own).</summary>
internal sealed class OpenProfileAction : IJourneyAction
{
    public string Name => "openProfile";

    public IReadOnlyList<string> Aliases => ["profile"];

    public Task RunAsync(JourneyIteration iteration, CancellationToken ct) =>
        iteration.SendAsync(HttpMethod.Get, $"/v1/users/{iteration.OtherUser()}", null, StadiumEndpoints.Profile, keepBody: false, ct);
}
