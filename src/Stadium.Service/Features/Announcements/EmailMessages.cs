using MimeKit;

namespace Stadium.Service.Features.Announcements;

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
        if (email.UnsubscribeUrl is { } unsubscribe)
        {
            // RFC 2369 and RFC 8058: mail clients offer "unsubscribe" and POST "List-Unsubscribe=One-Click" to the link.
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        return message;
    }
}
