using System.Data.Common;
using Stadium.Data;
using Stadium.Data.Providers;
using Stadium.Protection.Dependencies;

namespace Stadium.Protection.Tests.Dependencies;

public sealed class RetryRulesTests
{
    private const string Retries = "stadium.protection.dependency.retries";
    private const string Refused = "stadium.protection.dependency.retries.refused";

    [Fact]
    public async Task Writes_are_never_retried_and_reads_are()
    {
        using var harness = new PipelineHarness(o =>
        {
            o.RetryBudgets = false;
            o.Primary = Immediate(retries: 3);
        });
        var store = new UnavailableStore();
        var database = new ResilientDatabase(store, harness.Pipelines, store, routesReads: false);

        await Assert.ThrowsAsync<UnavailableStore.Down>(() => database.WriteAsync<int>((_, _) => Task.FromResult(1), CancellationToken.None));
        await Assert.ThrowsAsync<UnavailableStore.Down>(() => database.WriteStatementAsync<int>(_ => Task.FromResult(1), CancellationToken.None));
        Assert.Equal(2, store.Calls);
        Assert.Equal(0, harness.Count(Retries, DependencyNames.Primary));

        await Assert.ThrowsAsync<UnavailableStore.Down>(() => database.ReadPrimaryAsync<int>(_ => Task.FromResult(1), CancellationToken.None));
        Assert.Equal(2 + 4, store.Calls);
        Assert.Equal(3, harness.Count(Retries, DependencyNames.Primary));
    }

    [Fact]
    public async Task A_retry_the_budget_refuses_is_not_made()
    {
        using var harness = new PipelineHarness(o =>
        {
            o.RetryBudgetRatio = 0.2;
            o.RetryBudgetMinPerSecond = 0;
            o.Replicas = Immediate(retries: 3);
        });
        var store = new UnavailableStore();
        var database = new ResilientDatabase(store, harness.Pipelines, store, routesReads: true);

        // Ten failing reads earn two retries in all, where retrying each three times would make thirty.
        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<UnavailableStore.Down>(() => database.ReadAsync<int>(_ => Task.FromResult(1), CancellationToken.None));
        }

        Assert.Equal(2, harness.Count(Retries, DependencyNames.Replicas));
        // Every read ends on a refusal: eight after their first attempt, the two retried ones after their retry.
        Assert.Equal(10, harness.Count(Refused, DependencyNames.Replicas));
        Assert.Equal(10 + 2, store.Calls);
    }

    [Fact]
    public async Task An_open_breaker_refuses_a_write_naming_the_dependency_without_calling_it()
    {
        using var harness = new PipelineHarness(o => o.Primary = Immediate(retries: 0, breakAfter: 2));
        var store = new UnavailableStore();
        var database = new ResilientDatabase(store, harness.Pipelines, store, routesReads: true);
        await Assert.ThrowsAsync<UnavailableStore.Down>(() => database.WriteStatementAsync<int>(_ => Task.FromResult(1), CancellationToken.None));
        await Assert.ThrowsAsync<UnavailableStore.Down>(() => database.WriteStatementAsync<int>(_ => Task.FromResult(1), CancellationToken.None));

        var refused = await Assert.ThrowsAsync<DependencyUnavailableException>(() => database.WriteStatementAsync<int>(_ => Task.FromResult(1), CancellationToken.None));
        Assert.Equal(DependencyNames.Primary, refused.Dependency);
        Assert.False(refused.WasAttempted);
        Assert.Equal(2, store.Calls);
    }

    private static DependencyOptions Immediate(int retries, int breakAfter = 1000) => new()
    {
        AttemptTimeout = TimeSpan.Zero,
        MaxRetries = retries,
        RetryDelay = TimeSpan.Zero,
        MaxRetryDelay = TimeSpan.Zero,
        BreakerMinimumThroughput = breakAfter,
        BreakerFailureRatio = 1,
        BreakerSampling = TimeSpan.FromSeconds(10),
        BreakerDuration = TimeSpan.FromSeconds(5),
    };

    /// <summary>A database whose every call fails the way a server that stopped answering does.</summary>
    private sealed class UnavailableStore : IDatabase, IStoreErrors
    {
        public int Calls { get; private set; }

        public Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) => Fail<T>();

        public Task<T> ReadUpToDateAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) => Fail<T>();

        public Task<T> ReadPrimaryAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) => Fail<T>();

        public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) => Fail<T>();

        public Task<T> WriteStatementAsync<T>(Func<DbConnection, Task<T>> statement, CancellationToken ct) => Fail<T>();

        public StoreFailure Classify(Exception exception) => exception is Down ? StoreFailure.Unavailable : StoreFailure.None;

        private Task<T> Fail<T>()
        {
            Calls++;
            return Task.FromException<T>(new Down());
        }

        public sealed class Down() : Exception("the server did not answer");
    }
}
