namespace Stadium.Protection.Deadlines;

/// <summary>"Stadium:Protection:Deadlines": request time budgets (the budgets themselves are the SLO file's).</summary>
public sealed class DeadlineOptions
{
    public const string Section = "Stadium:Protection:Deadlines";

    /// <summary>Give every request its time budget. Off only to measure what the deadlines cost or save.</summary>
    public bool Enabled { get; set; } = true;
}
