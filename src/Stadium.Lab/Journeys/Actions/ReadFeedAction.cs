namespace Stadium.Lab.Journeys.Actions;

/// <summary>The first page of the feed.</summary>
internal sealed class ReadFeedAction : IJourneyAction
{
    public string Name => "readFeed";

    public IReadOnlyList<string> Aliases => ["feed"];

    public Task RunAsync(JourneyIteration iteration, CancellationToken ct) =>
        iteration.ReadPagesAsync("/v1/feed", StadiumEndpoints.Feed, 1, ct);
}
