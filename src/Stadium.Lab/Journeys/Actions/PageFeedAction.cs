namespace Stadium.Lab.Journeys.Actions;

/// <summary>The feed, page after page, up to <see cref="StadiumJourneyOptions.MaxPagesPerVisit"/> pages or its end.</summary>
internal sealed class PageFeedAction : IJourneyAction
{
    public string Name => "pageFeed";

    public IReadOnlyList<string> Aliases => [];

    public Task RunAsync(JourneyIteration iteration, CancellationToken ct) =>
        iteration.ReadPagesAsync("/v1/feed", StadiumEndpoints.Feed, iteration.Options.MaxPagesPerVisit, ct);
}
