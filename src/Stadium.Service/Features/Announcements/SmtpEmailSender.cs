using MailKit.Net.Smtp;
using MailKit.Security;

namespace Stadium.Service.Features.Announcements;

/// <summary>SMTP through MailKit, one connection per batch.</summary>
internal sealed class SmtpEmailSender(EmailOptions options) : IEmailSender
{
    public string Name => "smtp";

    public async Task<IEmailSession> OpenAsync(CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = 15_000 };
        try
        {
            await client.ConnectAsync(options.Smtp.Host, options.Smtp.Port,
                options.Smtp.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
            if (options.Smtp.Username is { Length: > 0 } user)
            {
                await client.AuthenticateAsync(user, options.Smtp.Password ?? "", ct);
            }

            return new Session(client, options.From);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Session(SmtpClient client, string from) : IEmailSession
    {
        public async Task SendAsync(OutgoingEmail email, CancellationToken ct)
        {
            try
            {
                await client.SendAsync(EmailMessages.Build(from, email), ct);
            }
            catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)e.StatusCode >= 500)
            {
                // A permanent refusal of this one recipient (550 no such user, ...); MailKit has reset the
                // transaction, so the connection goes on with the next message. A 4xx stays a failure: retried.
                throw new UndeliverableEmailException(email, $"{(int)e.StatusCode} {e.Message}", e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
