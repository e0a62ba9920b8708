namespace Stadium.Data.Postgres.Routing;

/// <summary>
/// Calls to a server that may have stopped answering. Their deadlines are kept here rather than left to Npgsql:
/// cancelling a statement on such a server takes it seconds more (a cancellation request nobody reads), and the
/// caller already has its answer (the server is not answering).
/// </summary>
internal static class Stranded
{
    /// <summary>Lets a statement stranded on a server that stopped answering end on its own, its failure observed.</summary>
    public static void Abandon(Task stranded) =>
        stranded.ContinueWith(static task => _ = task.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Runs <paramref name="call"/> with <paramref name="deadline"/>; past it the call is abandoned and a TimeoutException thrown.</summary>
    public static async Task<T> WithDeadlineAsync<T>(Func<CancellationToken, Task<T>> call, TimeSpan deadline, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(deadline);
        var running = call(timeout.Token);
        try
        {
            return await running.WaitAsync(deadline, ct);
        }
        catch (TimeoutException)
        {
            Abandon(running);
            throw;
        }
    }
}
