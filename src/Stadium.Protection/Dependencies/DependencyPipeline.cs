using Polly;
using Polly.CircuitBreaker;

namespace Stadium.Protection.Dependencies;

/// <summary>
/// One dependency's resilience pipeline (built by <see cref="DependencyPipelineBuilder"/>): retries under the retry
/// budget, for calls the caller marks safe to repeat, around a circuit breaker around an attempt timeout. The caller
/// says which exceptions mean "the dependency failed" (others pass through without touching the breaker), and its
/// token is honoured throughout: a caller's cancellation is never a failure and is never retried.
/// Degradation code reads <see cref="IsOpen"/> instead of keeping its own failure counters.
/// </summary>
public sealed class DependencyPipeline
{
    internal static readonly ResiliencePropertyKey<bool> Retryable = new("stadium.retryable");
    internal static readonly ResiliencePropertyKey<Func<Exception, bool>> IsFailure = new("stadium.is-failure");

    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _breaker;
    private readonly TimeProvider _time;
    private readonly DependencyMetrics _metrics;
    private long _openUntil;

    internal DependencyPipeline(string name, ResiliencePipeline pipeline, CircuitBreakerStateProvider breaker, RetryBudget? budget, DependencyMetrics metrics, TimeProvider time)
    {
        Name = name;
        _pipeline = pipeline;
        _breaker = breaker;
        Budget = budget;
        _metrics = metrics;
        _time = time;
    }

    public string Name { get; }

    /// <summary>Null when retry budgets are switched off.</summary>
    internal RetryBudget? Budget { get; }

    public CircuitState State => _breaker.CircuitState;

    /// <summary>
    /// True while the breaker refuses calls. Polly moves an open breaker to half-open only on the next call after its
    /// break, and a node serving from a fallback may make none for a while, so "open" here ends with the break duration.
    /// </summary>
    public bool IsOpen => State == CircuitState.Isolated || (State == CircuitState.Open && _time.GetTimestamp() < Interlocked.Read(ref _openUntil));

    public async ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> call, bool retryable, Func<Exception, bool>? isFailure, CancellationToken ct)
    {
        _metrics.Call(Name);
        Budget?.RecordCall();
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(Retryable, retryable);
        if (isFailure is not null)
        {
            context.Properties.Set(IsFailure, isFailure);
        }

        try
        {
            return await _pipeline.ExecuteAsync(static (c, call) => call(c.CancellationToken), context, call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public async ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> call, bool retryable, Func<Exception, bool>? isFailure, CancellationToken ct) =>
        await ExecuteAsync(async token =>
        {
            await call(token);
            return true;
        }, retryable, isFailure, ct);

    /// <summary>Whether a failed attempt may be tried again: the call is marked safe, the failure is the dependency's, and the budget allows it.</summary>
    internal bool MayRetry(ResilienceContext context, Exception? exception)
    {
        if (!context.Properties.GetValue(Retryable, false) || !IsDependencyFailure(context, exception))
        {
            return false;
        }

        if (Budget is null || Budget.TryRetry())
        {
            _metrics.Retry(Name);
            return true;
        }

        _metrics.Refused(Name);
        return false;
    }

    /// <summary>Timeouts of our own and what the caller calls a failure; never the caller's cancellation, never a refusal of our breaker.</summary>
    internal static bool IsDependencyFailure(ResilienceContext context, Exception? exception) => exception switch
    {
        null => false,
        Polly.Timeout.TimeoutRejectedException => true,
        BrokenCircuitException => false,
        OperationCanceledException => false,
        _ => context.Properties.GetValue(IsFailure, static _ => true)(exception),
    };

    internal void OnOpened(TimeSpan breakDuration) =>
        Interlocked.Exchange(ref _openUntil, _time.GetTimestamp() + (long)(breakDuration.TotalSeconds * _time.TimestampFrequency));

    internal void OnLeftOpen() => Interlocked.Exchange(ref _openUntil, 0);
}
