namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// One endpoint against its objective outside the faults: <see cref="MeasuredMs"/> at the objective's
/// <see cref="Percentile"/> against <see cref="ObjectiveMs"/>, and its <see cref="ErrorShare"/> against the
/// <see cref="ErrorBudget"/>, over <see cref="Requests"/> requests.
/// </summary>
public sealed record EndpointSlo(
    string Name, string Method, string Route, double Percentile, double ObjectiveMs, double MeasuredMs, double ErrorShare, double ErrorBudget, long Requests)
{
    public bool Met => MeasuredMs <= ObjectiveMs && ErrorShare <= ErrorBudget;
}
