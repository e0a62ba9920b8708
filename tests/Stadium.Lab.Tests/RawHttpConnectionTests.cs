using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Stadium.Lab.Http.Raw;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Tests;

/// <summary>
/// One raw connection against a scripted server: keep-alive reuse, reconnecting after Connection: close,
/// responses split over several reads, and every failure turned into its error kind (never an exception)
/// with the connection reopened for the next request.
/// </summary>
public class RawHttpConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Keep_alive_exchanges_share_one_connection_and_count_exact_bytes()
    {
        var reply = ScriptedReply.Ok("hello");
        await using var server = new ScriptedHttpServer(_ => reply);
        var request = RequestBytes.Format("GET", server.Url, [], null);
        using var connection = await ConnectionToAsync(server);

        for (var i = 0; i < 3; i++)
        {
            var exchange = await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);
            Assert.Equal(new RawExchange(200, ErrorKind.None, request.Bytes.Length, reply.Parts[0].Length), exchange);
        }

        Assert.Equal(1, connection.Connects);
        Assert.Equal(1, server.Accepted);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task Connection_close_is_followed_by_a_new_connection_for_the_next_request()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Ok("bye", "Connection: close") with { CloseAfter = true });
        var request = RequestBytes.Format("GET", server.Url, [], null);
        using var connection = await ConnectionToAsync(server);

        for (var i = 0; i < 3; i++)
        {
            var exchange = await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);
            Assert.Equal((200, ErrorKind.None), (exchange.Status, exchange.Error));
        }

        Assert.Equal(3, connection.Connects);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task A_chunked_response_written_in_pieces_is_read_to_its_end()
    {
        var parts = new[] { "HTTP/1.1 200 OK\r\nTransfer-", "Encoding: chunked\r\n\r\n4\r\nab", "cd\r\n0\r", "\n\r\n" };
        await using var server = new ScriptedHttpServer(_ => new ScriptedReply(parts));
        var request = RequestBytes.Format("GET", server.Url, [], null);
        using var connection = await ConnectionToAsync(server);

        var first = await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);
        var second = await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);

        Assert.Equal(new RawExchange(200, ErrorKind.None, request.Bytes.Length, parts.Sum(p => p.Length)), first);
        Assert.Equal(first, second);
        Assert.Equal(1, connection.Connects);
    }

    [Fact]
    public async Task A_body_delimited_by_the_close_is_a_complete_answer()
    {
        await using var server = new ScriptedHttpServer(_ => new ScriptedReply(["HTTP/1.1 200 OK\r\n\r\n", "streamed until close"], CloseAfter: true));
        var request = RequestBytes.Format("GET", server.Url, [], null);
        using var connection = await ConnectionToAsync(server);

        var exchange = await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);
        var again = await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);

        Assert.Equal((200, ErrorKind.None), (exchange.Status, exchange.Error));
        Assert.Equal((200, ErrorKind.None), (again.Status, again.Error));
        Assert.Equal(2, connection.Connects);
    }

    [Theory]
    [InlineData("NOT HTTP AT ALL\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA")]
    public async Task A_malformed_answer_is_a_protocol_error_and_the_next_request_gets_a_fresh_connection(string garbage)
    {
        await using var server = new ScriptedHttpServer(n => n == 0 ? new ScriptedReply([garbage]) : ScriptedReply.Ok());
        var request = RequestBytes.Format("GET", server.Url, [], null);
        using var connection = await ConnectionToAsync(server);

        var bad = await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);
        var good = await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);

        Assert.Equal((0, ErrorKind.ProtocolError), (bad.Status, bad.Error));
        Assert.Equal((200, ErrorKind.None), (good.Status, good.Error));
        Assert.Equal(2, connection.Connects);
    }

    [Fact]
    public async Task A_server_that_closes_without_answering_is_a_reset()
    {
        await using var server = new ScriptedHttpServer(n => n == 0 ? new ScriptedReply([], CloseAfter: true) : ScriptedReply.Ok());
        var request = RequestBytes.Format("GET", server.Url, [], null);
        using var connection = await ConnectionToAsync(server);

        var dropped = await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);
        var next = await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);

        Assert.Equal((0, ErrorKind.ConnectionReset), (dropped.Status, dropped.Error));
        Assert.Equal(200, next.Status);
    }

    [Fact]
    public async Task Nothing_listening_is_a_refused_connection_with_nothing_sent()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = new Uri($"http://127.0.0.1:{port}/");
        using var connection = new RawHttpConnection(await RawTarget.ResolveAsync(url, CancellationToken.None), Timeout, TimeProvider.System);

        var exchange = await connection.ExchangeAsync(RequestBytes.Format("GET", url, [], null).Bytes, true, CancellationToken.None);

        Assert.Equal(new RawExchange(0, ErrorKind.ConnectionRefused, 0, 0), exchange);
    }

    [Fact]
    public async Task A_hung_server_is_a_timeout_enforced_by_the_watchdog()
    {
        await using var server = new ScriptedHttpServer(n => n == 0 ? new ScriptedReply([], Silent: true) : ScriptedReply.Ok());
        var request = RequestBytes.Format("GET", server.Url, [], null);
        var timeout = TimeSpan.FromMilliseconds(300);
        using var connection = new RawHttpConnection(await RawTarget.ResolveAsync(server.Url, CancellationToken.None), timeout, TimeProvider.System);
        await using var watchdog = new ConnectionWatchdog([connection], timeout, TimeProvider.System);

        var clock = Stopwatch.StartNew();
        var hung = await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);
        clock.Stop();
        var next = await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);

        Assert.Equal((0, ErrorKind.Timeout), (hung.Status, hung.Error));
        Assert.InRange(clock.Elapsed, timeout, timeout * 10); // ended by the timeout, not hung: wide for a stalled machine
        Assert.Equal(1, watchdog.Expired);
        Assert.Equal((200, ErrorKind.None), (next.Status, next.Error));
        Assert.Equal(2, connection.Connects);
    }

    [Fact]
    public async Task Cancelling_the_run_surfaces_as_cancellation_not_as_an_error_kind()
    {
        await using var server = new ScriptedHttpServer(_ => new ScriptedReply([], Silent: true));
        using var connection = await ConnectionToAsync(server);
        using var abort = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await connection.ExchangeAsync(RequestBytes.Format("GET", server.Url, [], null).Bytes, true, abort.Token));
    }

    [Fact]
    public async Task The_request_on_the_wire_is_the_pre_formatted_one()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Ok());
        var request = RequestBytes.Format("post", server.Url, [new("X-Run", "7"), new("Host", "example.test")], "{\"a\":1}");
        using var connection = await ConnectionToAsync(server);

        await connection.ExchangeAsync(request.Bytes, true, CancellationToken.None);

        var expected = "POST /path?q=1 HTTP/1.1\r\nX-Run: 7\r\nHost: example.test\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 7\r\n\r\n";
        Assert.StartsWith(expected, Encoding.ASCII.GetString(request.Bytes.Span), StringComparison.Ordinal);
        Assert.Equal(expected.Length + 7, request.Bytes.Length);
        lock (server.Received)
        {
            Assert.StartsWith(expected, server.Received.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("X-Bad", "a\r\nInjected: yes")]
    [InlineData("Bad Name", "x")]
    [InlineData("Content-Length", "5")]
    public void Headers_that_would_corrupt_the_request_are_refused(string name, string value) =>
        Assert.Throws<ArgumentException>(() => RequestBytes.Format("GET", new Uri("http://127.0.0.1/"), [new(name, value)], null));

    [Fact]
    public void A_head_request_expects_no_body_in_its_response()
    {
        Assert.False(RequestBytes.Format("HEAD", new Uri("http://127.0.0.1/"), [], null).ExpectsResponseBody);
        Assert.True(RequestBytes.Format("GET", new Uri("http://127.0.0.1/"), [], null).ExpectsResponseBody);
    }

    private static async Task<RawHttpConnection> ConnectionToAsync(ScriptedHttpServer server) =>
        new(await RawTarget.ResolveAsync(server.Url, CancellationToken.None), Timeout, TimeProvider.System);
}
