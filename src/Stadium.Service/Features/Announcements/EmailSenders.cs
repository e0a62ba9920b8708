using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Stadium.Service.Features.Announcements;

/// <summary>One email; <see cref="IdempotencyKey"/> names the (announcement, recipient) pair and never changes between re-runs.</summary>
public sealed record OutgoingEmail(string IdempotencyKey, string To, string Subject, string Body);

/// <summary>An email provider. A session is opened per batch so SMTP can reuse one connection for many messages.</summary>
public interface IEmailSender
{
    string Name { get; }

    Task<IEmailSession> OpenAsync(CancellationToken ct);
}

public interface IEmailSession : IAsyncDisposable
{
    Task SendAsync(OutgoingEmail email, CancellationToken ct);
}

/// <summary>
/// The provider will never take this recipient (an address it cannot parse, a permanent 5xx refusal of the recipient):
/// a fact about the address, not a provider failure. The batch records the recipient as undeliverable and goes on, and
/// the circuit breaker does not count it; failing the batch instead would retry it until it died, and every recipient
/// after the bad one would never get the email.
/// </summary>
public sealed class UndeliverableEmailException(OutgoingEmail email, string reason, Exception? inner = null)
    : Exception($"{email.IdempotencyKey} cannot be delivered to its recipient: {reason}", inner)
{
    public OutgoingEmail Email => email;
}

internal static class EmailMessages
{
    public static MimeMessage Build(string from, OutgoingEmail email)
    {
        // The API accepts addresses by System.Net.Mail's rules, which take some MimeKit refuses (a local part
        // ending in a dot, for one): such an address is undeliverable, whatever the provider.
        if (!MailboxAddress.TryParse(email.To, out var to))
        {
            throw new UndeliverableEmailException(email, "the address cannot be parsed");
        }

        var message = new MimeMessage
        {
            // Same key, same Message-Id: a receiver (or a test) can tell a re-sent message from a new one.
            MessageId = $"{email.IdempotencyKey}@stadium",
            Subject = email.Subject,
            Body = new TextPart("plain") { Text = email.Body },
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(to);
        return message;
    }
}

/// <summary>
/// The embedded default: each email becomes <c>{key}.eml</c> in the outbox folder. The name is the idempotency
/// key, and the file appears by an atomic rename that never overwrites, so a re-run cannot make a second one.
/// </summary>
public sealed class FileDropEmailSender(string folder, string from) : IEmailSender
{
    public string Name => "file-drop";

    public string Folder { get; } = Directory.CreateDirectory(folder).FullName;

    public Task<IEmailSession> OpenAsync(CancellationToken ct) => Task.FromResult<IEmailSession>(new Session(this));

    private sealed class Session(FileDropEmailSender sender) : IEmailSession
    {
        public async Task SendAsync(OutgoingEmail email, CancellationToken ct)
        {
            var target = Path.Combine(sender.Folder, $"{email.IdempotencyKey}.eml");
            if (File.Exists(target))
            {
                return;
            }

            // Built before the temporary file exists: an undeliverable address leaves nothing behind.
            var message = EmailMessages.Build(sender.FromAddress, email);
            var temporary = Path.Combine(sender.Folder, $".{email.IdempotencyKey}.{Guid.NewGuid():n}.tmp");
            await using (var stream = File.Create(temporary))
            {
                await message.WriteToAsync(stream, ct);
            }

            try
            {
                File.Move(temporary, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Another run delivered it first.
                File.Delete(temporary);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private string FromAddress => from;
}

/// <summary>SMTP through MailKit, one connection per batch.</summary>
public sealed class SmtpEmailSender(EmailOptions options) : IEmailSender
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
