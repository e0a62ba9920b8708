using System.Data.Common;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Stadium.Data;
using Stadium.Data.Providers;

namespace Stadium.Protection.Dependencies;

/// <summary>
/// The database seam with its pipelines, wrapped once around the provider's <see cref="IDatabase"/>: reads that may lag
/// go through the <c>replicas</c> pipeline (on a store that does not route reads, through <c>primary</c>), primary
/// reads through <c>primary</c>, both retried under the budget; writes through <c>primary</c> with its timeout and
/// breaker and never retried (a write whose answer was lost may have committed). What counts as the database failing
/// is the provider's own reading of the exception (<see cref="IStoreErrors"/>). An open breaker or a timeout becomes a
/// <see cref="DependencyUnavailableException"/> naming the dependency.
/// </summary>
internal sealed class ResilientDatabase(IDatabase inner, DependencyPipelines pipelines, IStoreErrors errors, bool routesReads) : IDatabase
{
    private readonly Func<Exception, bool> _isFailure = e => errors.Classify(e) == StoreFailure.Unavailable;

    private DependencyPipeline Reads => routesReads ? pipelines.Replicas : pipelines.Primary;

    public Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) =>
        RunAsync(Reads, token => inner.ReadAsync(read, token), retryable: true, ct);

    public Task<T> ReadUpToDateAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) =>
        RunAsync(Reads, token => inner.ReadUpToDateAsync(read, token), retryable: true, ct);

    public Task<T> ReadPrimaryAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) =>
        RunAsync(pipelines.Primary, token => inner.ReadPrimaryAsync(read, token), retryable: true, ct);

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        RunAsync(pipelines.Primary, token => inner.WriteAsync(work, token), retryable: false, ct);

    public Task<T> WriteStatementAsync<T>(Func<DbConnection, Task<T>> statement, CancellationToken ct) =>
        RunAsync(pipelines.Primary, token => inner.WriteStatementAsync(statement, token), retryable: false, ct);

    private async Task<T> RunAsync<T>(DependencyPipeline pipeline, Func<CancellationToken, Task<T>> call, bool retryable, CancellationToken ct)
    {
        try
        {
            return await pipeline.ExecuteAsync(token => new ValueTask<T>(call(token)), retryable, _isFailure, ct);
        }
        catch (BrokenCircuitException open)
        {
            throw new DependencyUnavailableException(pipeline.Name, wasAttempted: false, open.RetryAfter ?? TimeSpan.FromSeconds(1), open);
        }
        catch (TimeoutRejectedException timeout)
        {
            throw new DependencyUnavailableException(pipeline.Name, wasAttempted: true, TimeSpan.FromSeconds(1), timeout);
        }
    }
}
