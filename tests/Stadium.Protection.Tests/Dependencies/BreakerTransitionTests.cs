using Polly.CircuitBreaker;
using Stadium.Protection.Dependencies;

namespace Stadium.Protection.Tests.Dependencies;

public sealed class BreakerTransitionTests
{
    private const string Breaker = "stadium.protection.dependency.breaker.transitions";

    [Fact]
    public async Task The_breaker_goes_closed_open_half_open_closed_with_a_log_line_and_a_metric_for_each()
    {
        using var harness = new PipelineHarness(o => o.Replicas = new DependencyOptions
        {
            AttemptTimeout = TimeSpan.Zero,
            MaxRetries = 0,
            BreakerMinimumThroughput = 2,
            BreakerFailureRatio = 0.5,
            BreakerSampling = TimeSpan.FromSeconds(10),
            BreakerDuration = TimeSpan.FromSeconds(5),
        });
        var replicas = harness.Pipelines.Replicas;
        var calls = 0;
        ValueTask<int> Fail(CancellationToken ct)
        {
            calls++;
            throw new IOException("replica down");
        }

        Assert.Equal(0, harness.BreakerState(DependencyNames.Replicas));
        await Assert.ThrowsAsync<IOException>(async () => await replicas.ExecuteAsync(Fail, retryable: false, null, CancellationToken.None));
        Assert.Equal(CircuitState.Closed, replicas.State);
        await Assert.ThrowsAsync<IOException>(async () => await replicas.ExecuteAsync(Fail, retryable: false, null, CancellationToken.None));

        Assert.Equal(CircuitState.Open, replicas.State);
        Assert.True(replicas.IsOpen);
        Assert.Equal([DependencyNames.Replicas], harness.Pipelines.Open());
        Assert.Equal(2, harness.BreakerState(DependencyNames.Replicas));
        Assert.Equal(1, harness.Count(Breaker, DependencyNames.Replicas, "open"));
        Assert.Contains(harness.Logs.Lines, l => l.StartsWith("Warning: Breaker for replicas opened for 00:00:05", StringComparison.Ordinal));

        // Open: refused without calling the dependency.
        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await replicas.ExecuteAsync(Fail, retryable: false, null, CancellationToken.None));
        Assert.Equal(2, calls);

        // After the break the next call is the test call (half-open); it succeeds, so the breaker closes.
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(replicas.IsOpen);
        Assert.Equal(42, await replicas.ExecuteAsync(_ => ValueTask.FromResult(42), retryable: false, null, CancellationToken.None));

        Assert.Equal(CircuitState.Closed, replicas.State);
        Assert.Equal(0, harness.BreakerState(DependencyNames.Replicas));
        Assert.Equal(1, harness.Count(Breaker, DependencyNames.Replicas, "halfopen"));
        Assert.Equal(1, harness.Count(Breaker, DependencyNames.Replicas, "closed"));
        Assert.Contains(harness.Logs.Lines, l => l == "Information: Breaker for replicas half-open: one call tests the dependency");
        Assert.Contains(harness.Logs.Lines, l => l == "Information: Breaker for replicas closed: calls flow again");
        Assert.Empty(harness.Pipelines.Open());
    }

    [Fact]
    public async Task Only_what_the_caller_calls_a_failure_moves_the_breaker_and_its_cancellation_never_does()
    {
        using var harness = new PipelineHarness(o => o.Redis.BreakerMinimumThroughput = 2);
        var redis = harness.Pipelines.Redis;
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await redis.ExecuteAsync<int>(
                _ => throw new InvalidOperationException("not an outage"), retryable: false, e => e is IOException, CancellationToken.None));
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await redis.ExecuteAsync<int>(
                ct => throw new OperationCanceledException(ct), retryable: false, null, cancelled.Token));
        }

        Assert.Equal(CircuitState.Closed, redis.State);
    }
}
