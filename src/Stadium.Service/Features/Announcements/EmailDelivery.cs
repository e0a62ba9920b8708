using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;

namespace Stadium.Service.Features.Announcements;

/// <summary>
/// The provider with its guards: a circuit breaker (a failing provider is left alone for a while instead of
/// being hammered by every batch) around a token-bucket rate limit (providers cap sends per second). Both
/// are per provider and per process; with several worker processes the configured rate is per process.
/// </summary>
public sealed class EmailDelivery : IAsyncDisposable
{
    private readonly TokenBucketRateLimiter _limiter;

    public EmailDelivery(IEmailSender sender, EmailOptions options, TimeProvider time)
    {
        Sender = sender;
        var perTick = Math.Max(1, options.RatePerSecond / 10);
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perTick,
            TokensPerPeriod = perTick,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            // Senders queue for a token instead of failing: the batch slows down to the provider's pace.
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        Pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = Math.Max(2, options.BreakerMinimumThroughput),
                SamplingDuration = options.BreakerSampling,
                BreakDuration = options.BreakerDuration,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            })
            .AddRateLimiter(_limiter)
            .Build();
    }

    public IEmailSender Sender { get; }

    public ResiliencePipeline Pipeline { get; }

    /// <summary>Sends through the breaker and the rate limit; throws <see cref="BrokenCircuitException"/> while the provider is considered down.</summary>
    public ValueTask SendAsync(IEmailSession session, OutgoingEmail email, CancellationToken ct) =>
        Pipeline.ExecuteAsync(async token => await session.SendAsync(email, token), ct);

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
