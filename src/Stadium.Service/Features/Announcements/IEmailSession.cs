namespace Stadium.Service.Features.Announcements;

internal interface IEmailSession : IAsyncDisposable
{
    Task SendAsync(OutgoingEmail email, CancellationToken ct);
}
