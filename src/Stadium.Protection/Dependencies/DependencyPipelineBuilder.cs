using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Stadium.Jobs;

namespace Stadium.Protection.Dependencies;

/// <summary>
/// Composes a dependency's Polly pipeline, outermost first: retry (only when <see cref="DependencyPipeline.MayRetry"/>
/// says so, with the shared jittered <see cref="Backoff"/>), circuit breaker (its transitions logged and counted),
/// attempt timeout (so a hung attempt counts as a failure for the breaker). A retry therefore passes the breaker
/// again: while it is open, no retry reaches the dependency.
/// </summary>
internal static class DependencyPipelineBuilder
{
    public static DependencyPipeline Build(string name, DependencyOptions options, DependenciesOptions shared, DependencyMetrics metrics, ILogger logger, TimeProvider time)
    {
        var budget = shared.RetryBudgets ? new RetryBudget(shared.RetryBudgetRatio, shared.RetryBudgetMinPerSecond, shared.RetryBudgetWindow, time) : null;
        var breaker = new CircuitBreakerStateProvider();
        DependencyPipeline? pipeline = null;
        var builder = new ResiliencePipelineBuilder { Name = name, TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                // Polly asks after the last attempt too: that is no retry, so it must neither spend nor be refused budget.
                ShouldHandle = args => ValueTask.FromResult(args.AttemptNumber < options.MaxRetries && pipeline!.MayRetry(args.Context, args.Outcome.Exception)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    Backoff.Delay(args.AttemptNumber + 1, options.RetryDelay, options.MaxRetryDelay, Random.Shared.NextDouble())),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSampling,
            BreakDuration = options.BreakerDuration,
            StateProvider = breaker,
            ShouldHandle = args => ValueTask.FromResult(DependencyPipeline.IsDependencyFailure(args.Context, args.Outcome.Exception)),
            OnOpened = args =>
            {
                pipeline!.OnOpened(args.BreakDuration);
                metrics.Transition(name, CircuitState.Open);
                DependencyLog.Opened(logger, name, args.BreakDuration, args.Outcome.Exception);
                return ValueTask.CompletedTask;
            },
            OnHalfOpened = _ =>
            {
                pipeline!.OnLeftOpen();
                metrics.Transition(name, CircuitState.HalfOpen);
                DependencyLog.HalfOpened(logger, name);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                pipeline!.OnLeftOpen();
                metrics.Transition(name, CircuitState.Closed);
                DependencyLog.Closed(logger, name);
                return ValueTask.CompletedTask;
            },
        });
        if (options.AttemptTimeout > TimeSpan.Zero)
        {
            builder.AddTimeout(options.AttemptTimeout);
        }

        pipeline = new DependencyPipeline(name, builder.Build(), breaker, budget, metrics, time);
        return pipeline;
    }
}
