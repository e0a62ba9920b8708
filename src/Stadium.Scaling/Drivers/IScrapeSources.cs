namespace Stadium.Scaling.Drivers;

/// <summary>Where a target's signals come from this round (the cluster changes as it scales, so it is asked every round).</summary>
internal interface IScrapeSources
{
    Task<ScrapePlan> ReadAsync(CancellationToken ct);
}
