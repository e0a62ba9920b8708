using Polly;
using Polly.CircuitBreaker;

namespace Stadium.Service.Features.Announcements;

/// <summary>
/// The provider with its guards: a circuit breaker (a failing provider is left alone for a while instead of
/// being hammered by every batch) around the provider's send rate (<see cref="EmailSendRate"/>: shared by all
/// worker processes through Redis when it is configured, per process otherwise).
/// </summary>
internal sealed class EmailDelivery : IAsyncDisposable
{
    private readonly EmailSendRate _rate;
    private readonly bool _ownsRate;

    public EmailDelivery(IEmailSender sender, EmailOptions options, TimeProvider time, EmailSendRate? rate = null)
    {
        Sender = sender;
        _ownsRate = rate is null;
        _rate = rate ?? new EmailSendRate(options, time);
        Pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = Math.Max(2, options.BreakerMinimumThroughput),
                SamplingDuration = options.BreakerSampling,
                BreakDuration = options.BreakerDuration,
                // An undeliverable address says nothing about the provider's health.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not (OperationCanceledException or UndeliverableEmailException)),
            })
            .Build();
    }

    public IEmailSender Sender { get; }

    public ResiliencePipeline Pipeline { get; }

    /// <summary>Connects to the provider through the same breaker: a provider that refuses connections is down
    /// just as one that fails sends, and the breaker must see it.</summary>
    public ValueTask<IEmailSession> OpenAsync(CancellationToken ct) =>
        Pipeline.ExecuteAsync(async token => await Sender.OpenAsync(token), ct);

    /// <summary>Sends through the breaker at the provider's pace; throws <see cref="BrokenCircuitException"/> while the provider is considered down,
    /// <see cref="UndeliverableEmailException"/> when it will never take this recipient.</summary>
    public ValueTask SendAsync(IEmailSession session, OutgoingEmail email, CancellationToken ct) =>
        Pipeline.ExecuteAsync(async token =>
        {
            await _rate.WaitAsync(token);
            await session.SendAsync(email, token);
        }, ct);

    public ValueTask DisposeAsync() => _ownsRate ? _rate.DisposeAsync() : ValueTask.CompletedTask;
}
