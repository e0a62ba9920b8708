namespace Stadium.Service.Features.Announcements;

/// <summary>
/// The embedded default: each email becomes <c>{key}.eml</c> in the outbox folder. The name is the idempotency
/// key, and the file appears by an atomic rename that never overwrites, so a re-run cannot make a second one.
/// </summary>
internal sealed class FileDropEmailSender(string folder, string from) : IEmailSender
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
