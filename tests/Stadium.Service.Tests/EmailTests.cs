using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Polly.CircuitBreaker;
using Stadium.Service.Features.Announcements;
using Stadium.Testing;

namespace Stadium.Service.Tests;

/// <summary>A node whose announcements go out over SMTP to a real local SMTP server.</summary>
public sealed class SmtpNode : StadiumNode
{
    public SmtpSink Sink { get; } = new();

    protected override Dictionary<string, string?> Settings => new(base.Settings)
    {
        ["Stadium:Email:Provider"] = "Smtp",
        ["Stadium:Email:Smtp:Host"] = "127.0.0.1",
        ["Stadium:Email:Smtp:Port"] = Sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Stadium:Email:Smtp:StartTls"] = "false",
    };
}

public sealed class SmtpAnnouncementTests(SmtpNode node) : IClassFixture<SmtpNode>, IAsyncLifetime
{
    [Fact]
    public async Task Announcements_are_delivered_over_smtp_once_per_follower()
    {
        using var author = await node.NewUserAsync();
        var followers = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            var follower = await node.NewUserAsync();
            (await follower.Client.PutAsync($"/v1/users/{author.Username}/follow", null)).EnsureSuccessStatusCode();
            followers.Add(follower);
        }

        var id = (await ApiAssert.Json(await author.Client.PostAsJsonAsync("/v1/announcements", new { subject = "Over SMTP", body = "Hello by mail" }), HttpStatusCode.Accepted))
            .GetProperty("id").GetInt64();
        var done = await ExportsTests.WaitForStatus(author.Client, $"/v1/announcements/{id}", "completed");
        Assert.Equal(4, done.GetProperty("delivered").GetInt32());

        var mails = node.Sink.Messages.Where(m => m.Data.Contains($"announcement-{id}-", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, mails.Count);
        foreach (var follower in followers)
        {
            var mail = Assert.Single(mails, m => m.Recipients.Contains($"{follower.Username}@example.com"));
            Assert.Contains($"Message-Id: <announcement-{id}-{follower.Id}@stadium>", mail.Data, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Subject: Over SMTP", mail.Data, StringComparison.Ordinal);
            follower.Dispose();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await node.Sink.DisposeAsync();
}

public sealed class EmailDeliveryTests
{
    [Fact]
    public async Task The_breaker_opens_on_a_failing_provider_and_stops_calling_it()
    {
        var failing = new CountingSender(fail: true);
        await using var delivery = new EmailDelivery(failing, new EmailOptions { BreakerMinimumThroughput = 4, BreakerFailureRatio = 0.5, RatePerSecond = 1000 }, TimeProvider.System);
        await using var session = await failing.OpenAsync(CancellationToken.None);
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<IOException>(async () => await delivery.SendAsync(session, Email(i), CancellationToken.None));
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await delivery.SendAsync(session, Email(99), CancellationToken.None));
        Assert.Equal(4, failing.Calls);
    }

    [Fact]
    public async Task The_breaker_also_opens_when_the_provider_refuses_connections()
    {
        // A real MailKit client against a loopback port nobody listens on: every connect is refused.
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var options = new EmailOptions { BreakerMinimumThroughput = 4, BreakerFailureRatio = 0.5, RatePerSecond = 1000 };
        options.Smtp.Host = "127.0.0.1";
        options.Smtp.Port = port;
        await using var delivery = new EmailDelivery(new SmtpEmailSender(options), options, TimeProvider.System);
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(async () => await delivery.OpenAsync(CancellationToken.None));
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await delivery.OpenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_rate_limit_paces_sends_instead_of_failing_them()
    {
        var sender = new CountingSender(fail: false);
        await using var delivery = new EmailDelivery(sender, new EmailOptions { RatePerSecond = 40 }, TimeProvider.System);
        await using var session = await sender.OpenAsync(CancellationToken.None);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 60; i++)
        {
            await delivery.SendAsync(session, Email(i), CancellationToken.None);
        }

        Assert.Equal(60, sender.Calls);
        // 4 tokens per 100 ms: the first 4 go at once, the other 56 need at least 13 refills.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.2), $"60 sends at 40/s took {watch.Elapsed}");
    }

    [Fact]
    public async Task The_file_drop_outbox_writes_one_file_per_key_however_often_it_is_sent()
    {
        var folder = Path.Combine(Path.GetTempPath(), "stadium-outbox-tests", Guid.NewGuid().ToString("n"));
        var sender = new FileDropEmailSender(folder, "from@stadium.local");
        await using var session = await sender.OpenAsync(CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => session.SendAsync(Email(1), CancellationToken.None)));
        await session.SendAsync(Email(2), CancellationToken.None);
        Assert.Equal(["k-1.eml", "k-2.eml"], Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Order().ToArray());
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_recipient_the_smtp_server_refuses_for_good_is_undeliverable_and_the_connection_goes_on_without_opening_the_breaker()
    {
        await using var sink = new SmtpSink();
        sink.RejectedRecipients["r1@example.com"] = true;
        var options = new EmailOptions { BreakerMinimumThroughput = 2, BreakerFailureRatio = 0.5, RatePerSecond = 1000 };
        options.Smtp.Host = "127.0.0.1";
        options.Smtp.Port = sink.Port;
        options.Smtp.StartTls = false;
        await using var delivery = new EmailDelivery(new SmtpEmailSender(options), options, TimeProvider.System);
        await using var session = await delivery.OpenAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            var refused = await Assert.ThrowsAsync<UndeliverableEmailException>(async () => await delivery.SendAsync(session, Email(1), CancellationToken.None));
            Assert.Contains("550", refused.Message, StringComparison.Ordinal);
        }

        // Same connection, next recipient: delivered, and three refusals did not open the breaker.
        await delivery.SendAsync(session, Email(2), CancellationToken.None);
        Assert.Equal(["r2@example.com"], Assert.Single(sink.Messages).Recipients);
    }

    [Fact]
    public async Task An_address_mimekit_cannot_parse_is_undeliverable_on_either_provider()
    {
        // The API's rules (System.Net.Mail) accept a local part ending in a dot; MimeKit does not.
        var email = new OutgoingEmail("k-dot", "dot.@example.com", "s", "b");
        var folder = Path.Combine(Path.GetTempPath(), "stadium-outbox-tests", Guid.NewGuid().ToString("n"));
        await using (var fileDrop = await new FileDropEmailSender(folder, "from@stadium.local").OpenAsync(CancellationToken.None))
        {
            await Assert.ThrowsAsync<UndeliverableEmailException>(() => fileDrop.SendAsync(email, CancellationToken.None));
        }

        Assert.Empty(Directory.GetFiles(folder));
        Directory.Delete(folder, recursive: true);

        await using var sink = new SmtpSink();
        var options = new EmailOptions();
        options.Smtp.Host = "127.0.0.1";
        options.Smtp.Port = sink.Port;
        options.Smtp.StartTls = false;
        await using var smtp = await new SmtpEmailSender(options).OpenAsync(CancellationToken.None);
        await Assert.ThrowsAsync<UndeliverableEmailException>(() => smtp.SendAsync(email, CancellationToken.None));
        Assert.Empty(sink.Messages);
    }

    private static OutgoingEmail Email(int n) => new($"k-{n}", $"r{n}@example.com", "s", "b");

    private sealed class CountingSender(bool fail) : IEmailSender, IEmailSession
    {
        private int _calls;

        public int Calls => _calls;

        public string Name => "counting";

        public Task<IEmailSession> OpenAsync(CancellationToken ct) => Task.FromResult<IEmailSession>(this);

        public Task SendAsync(OutgoingEmail email, CancellationToken ct)
        {
            Interlocked.Increment(ref _calls);
            return fail ? Task.FromException(new IOException("provider down")) : Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
