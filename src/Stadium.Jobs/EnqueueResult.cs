namespace Stadium.Jobs;

/// <param name="Bound">For a refusal, the bound that refused it: <see cref="TypeBound"/>, <see cref="UserBound"/> or <see cref="AgeBound"/>.</param>
public sealed record EnqueueResult(EnqueueOutcome Outcome, long? JobId, string? Bound = null)
{
    public const string TypeBound = "type";
    public const string UserBound = "user";
    public const string AgeBound = "age";

    public bool Accepted => Outcome is EnqueueOutcome.Enqueued or EnqueueOutcome.Duplicate;
}
