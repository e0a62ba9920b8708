namespace Stadium.Service.Features.Announcements;

/// <summary>An email provider. A session is opened per batch so SMTP can reuse one connection for many messages.</summary>
internal interface IEmailSender
{
    string Name { get; }

    Task<IEmailSession> OpenAsync(CancellationToken ct);
}
