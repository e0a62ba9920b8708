using Polly.CircuitBreaker;
using Stadium.Protection.Dependencies;

namespace Stadium.Service.Features.Announcements;

/// <summary>
/// The provider with its guards: the <c>smtp</c> dependency pipeline (its circuit breaker leaves a failing provider
/// alone for a while instead of letting every batch hammer it) around the provider's send rate (<see cref="EmailSendRate"/>: shared by all
/// worker processes through Redis when it is configured, per process otherwise).
/// </summary>
internal sealed class EmailDelivery : IAsyncDisposable
{
    private readonly EmailSendRate _rate;
    private readonly bool _ownsRate;

    /// <param name="smtp">The host's <c>smtp</c> pipeline; without one (a delivery built by hand), one from the breaker settings in <paramref name="options"/>.</param>
    public EmailDelivery(IEmailSender sender, EmailOptions options, TimeProvider time, EmailSendRate? rate = null, DependencyPipeline? smtp = null)
    {
        Sender = sender;
        _ownsRate = rate is null;
        _rate = rate ?? new EmailSendRate(options, time);
        Pipeline = smtp ?? DependencyPipelines.Standalone(DependencyNames.Smtp, SmtpPipeline(options, new DependenciesOptions().Smtp), time);
    }

    /// <summary>The email settings' breaker keys ("Stadium:Email:Breaker*") over the smtp pipeline's options.</summary>
    public static DependencyOptions SmtpPipeline(EmailOptions email, DependencyOptions smtp)
    {
        smtp.BreakerFailureRatio = email.BreakerFailureRatio;
        smtp.BreakerMinimumThroughput = Math.Max(2, email.BreakerMinimumThroughput);
        smtp.BreakerSampling = email.BreakerSampling;
        smtp.BreakerDuration = email.BreakerDuration;
        return smtp;
    }

    public IEmailSender Sender { get; }

    /// <summary>The <c>smtp</c> dependency pipeline: attempt timeout, breaker, and retries only for connecting.</summary>
    public DependencyPipeline Pipeline { get; }

    /// <summary>Connects to the provider through the same breaker: a provider that refuses connections is down
    /// just as one that fails sends, and the breaker must see it. Connecting is safe to retry.</summary>
    public ValueTask<IEmailSession> OpenAsync(CancellationToken ct) =>
        Pipeline.ExecuteAsync(async token => await Sender.OpenAsync(token), retryable: true, IsProviderFailure, ct);

    /// <summary>Sends through the breaker at the provider's pace; throws <see cref="BrokenCircuitException"/> while the provider is considered down,
    /// <see cref="UndeliverableEmailException"/> when it will never take this recipient.</summary>
    public ValueTask SendAsync(IEmailSession session, OutgoingEmail email, CancellationToken ct) =>
        Pipeline.ExecuteAsync(async token =>
        {
            await _rate.WaitAsync(token);
            await session.SendAsync(email, token);
        }, retryable: false, IsProviderFailure, ct);

    /// <summary>An undeliverable address says nothing about the provider's health.</summary>
    private static bool IsProviderFailure(Exception e) => e is not UndeliverableEmailException;

    public ValueTask DisposeAsync() => _ownsRate ? _rate.DisposeAsync() : ValueTask.CompletedTask;
}
