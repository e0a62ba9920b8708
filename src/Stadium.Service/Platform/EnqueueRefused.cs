using Stadium.Jobs;

namespace Stadium.Service.Platform;

/// <summary>Thrown inside a write transaction to roll it back when the queue refuses the job.</summary>
internal sealed class EnqueueRefused(EnqueueOutcome outcome) : Exception($"The job was not enqueued: {outcome}")
{
    public EnqueueOutcome Outcome => outcome;
}
