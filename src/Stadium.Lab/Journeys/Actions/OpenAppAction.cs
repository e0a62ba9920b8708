namespace Stadium.Lab.Journeys.Actions;

/// <summary>Opens the app: a login unless a token is at hand (done before any action runs), then the feed (the login/feed burst).</summary>
internal sealed class OpenAppAction : IJourneyAction
{
    public string Name => "openApp";

    public IReadOnlyList<string> Aliases => ["login"];

    public Task RunAsync(JourneyIteration iteration, CancellationToken ct) =>
        iteration.ReadPagesAsync("/v1/feed", StadiumEndpoints.Feed, FeedReadsAfterLogin(iteration), ct, startOverAtEnd: true);

    /// <summary>The profile's feed reads per login: its whole part always, its fraction as the chance of one more.</summary>
    private static int FeedReadsAfterLogin(JourneyIteration iteration)
    {
        var reads = Math.Max(0, iteration.Options.FeedReadsPerLogin);
        var whole = (int)Math.Floor(reads);
        return whole + (iteration.Random.NextDouble() < reads - whole ? 1 : 0);
    }
}
