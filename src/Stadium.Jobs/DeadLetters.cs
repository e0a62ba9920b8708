using Stadium.Data;
using Stadium.Jobs.Worker;

namespace Stadium.Jobs;

/// <summary>
/// Dead-lettered jobs for operators (`stadium work dead`): listing them, and putting one back in the queue
/// together with its feature's status. The job and the status change in one transaction on the primary, so an
/// export never answers "failed" while its retried job runs, and never "queued" for a job that stayed dead.
/// </summary>
public sealed class DeadLetters(IJobQueue queue, IDatabase database, IEnumerable<IJobHandler> handlers)
{
    public Task<IReadOnlyList<JobRecord>> ListAsync(string? type, int limit, CancellationToken ct) => queue.ListDeadAsync(type, limit, ct);

    /// <summary>The job with this id in any state, or null when there is none.</summary>
    public Task<JobRecord?> GetAsync(long id, CancellationToken ct) => queue.GetAsync(id, ct);

    /// <summary>False when the job is not dead, or another pending job holds its unique key (a newer export of the same user).</summary>
    public Task<bool> RetryAsync(long id, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var job = await queue.RetryDeadAsync(connection, transaction, id, ct);
            if (job is null)
            {
                return false;
            }

            if (handlers.FirstOrDefault(h => h.Type == job.Type) is { } handler)
            {
                await handler.OnRetriedAsync(job, connection, transaction, ct);
            }

            return true;
        }, ct);
}
