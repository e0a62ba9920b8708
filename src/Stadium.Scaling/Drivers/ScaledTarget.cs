namespace Stadium.Scaling.Drivers;

/// <summary>What a driver gives the autoscaler for one target: the target itself and where its signals are scraped.</summary>
internal sealed record ScaledTarget(IScaleTarget Target, IScrapeSources Sources);
