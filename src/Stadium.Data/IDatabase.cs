using System.Data.Common;

namespace Stadium.Data;

/// <summary>
/// The one database seam: every store, the job queue and the feature stores reach their engine through it, so a
/// backend is one implementation of these five calls. Where a call runs is the implementation's business: an
/// embedded engine serves them all from one file; a replicated one routes reads to replicas that have replayed far
/// enough for the reader and everything else to the primary.
/// </summary>
public interface IDatabase
{
    /// <summary>A read that may lag behind other clients' writes, never behind the reader's own (read-your-writes).</summary>
    Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct);

    /// <summary>
    /// A read that sees every commit made anywhere before the call, whoever reads: for answers that are kept (a timeline
    /// built and cached, the follower list a post fans out to), where a lagging replica would bake its past in for everyone.
    /// </summary>
    Task<T> ReadUpToDateAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct);

    /// <summary>A read on the primary: credentials, refresh sessions, and owners checking their own queued work.</summary>
    Task<T> ReadPrimaryAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct);

    /// <summary>A transaction on the primary; the reader's later reads see it.</summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct);

    /// <summary>One statement on the primary as its own transaction (one round trip where the engine has them).</summary>
    Task<T> WriteStatementAsync<T>(Func<DbConnection, Task<T>> statement, CancellationToken ct);
}
