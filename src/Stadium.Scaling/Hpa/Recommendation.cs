namespace Stadium.Scaling.Hpa;

/// <summary>
/// What one round decided: the count the metrics asked for (<see cref="Recommended"/>, the largest proposal), the count
/// to set after stabilisation, rates and min/max (<see cref="Desired"/>), the signal that drove it and why, in words.
/// </summary>
public sealed record Recommendation(int Current, int Recommended, int Desired, string Signal, string Reason)
{
    public bool Changes => Desired != Current;
}
