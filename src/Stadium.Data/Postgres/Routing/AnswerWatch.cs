namespace Stadium.Data.Postgres.Routing;

/// <summary>Whether a server answers its monitor, with a task that completes the moment it stops (so waiting reads can leave).</summary>
internal sealed class AnswerWatch
{
    private TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Answering => !StoppedAnswering.IsCompleted;

    /// <summary>Completes when the server stops answering; renewed once it answers again.</summary>
    public Task StoppedAnswering => Volatile.Read(ref _stopped).Task;

    public void Stopped() => Volatile.Read(ref _stopped).TrySetResult();

    public void Answered()
    {
        if (Volatile.Read(ref _stopped).Task.IsCompleted)
        {
            Volatile.Write(ref _stopped, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }
}
