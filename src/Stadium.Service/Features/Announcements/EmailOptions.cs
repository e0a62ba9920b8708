namespace Stadium.Service.Features.Announcements;

/// <summary>The "Stadium:Email" section.</summary>
public sealed class EmailOptions
{
    public const string Section = "Stadium:Email";

    /// <summary>"FileDrop" (embedded default: one .eml per recipient in <see cref="OutboxFolder"/>) or "Smtp".</summary>
    public string Provider { get; set; } = "FileDrop";

    /// <summary>Where the file-drop provider writes; relative paths are under the data folder.</summary>
    public string OutboxFolder { get; set; } = "outbox";

    public string From { get; set; } = "announcements@stadium.local";

    /// <summary>
    /// The address people reach the API at (scheme, host, port and any path prefix), for the one-click unsubscribe link
    /// in every announcement email: <c>{PublicUrl}/v1/email/unsubscribe?token=...</c>.
    /// </summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:8080";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Emails per second per provider and process; senders wait for a token rather than fail.</summary>
    public int RatePerSecond { get; set; } = 200;

    /// <summary>Recipients per batch job.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Circuit breaker: open when this share of sends fails within <see cref="BreakerSampling"/> (with at least <see cref="BreakerMinimumThroughput"/> sends).</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSampling { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open before letting a trial send through.</summary>
    public TimeSpan BreakerDuration { get; set; } = TimeSpan.FromSeconds(15);
}
