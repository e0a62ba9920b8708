using System.Text;
using Stadium.Lab.Http.Raw;

namespace Stadium.Lab.Tests;

/// <summary>
/// The raw engine's response framing: where a response ends for each way HTTP/1.1 delimits a body,
/// whatever the read boundaries, and which inputs are refused as malformed.
/// </summary>
public class HttpResponseScannerTests
{
    private const string ContentLengthResponse =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{\"message\":\"Hello, World!\"}";

    private const string ChunkedResponse =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
        "1b\r\n{\"message\":\"Hello, World!\"}\r\n5;ext=1\r\nhello\r\n0\r\nX-Trailer: yes\r\n\r\n";

    [Theory]
    [InlineData(ContentLengthResponse, 200)]
    [InlineData(ChunkedResponse, 200)]
    [InlineData("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n", 404)]
    [InlineData("HTTP/1.1 204 No Content\r\nServer: test\r\n\r\n", 204)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n", 304)]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", 201)]
    [InlineData("HTTP/1.0 200\r\nContent-Length: 3\r\n\r\nabc", 200)]
    public void A_whole_response_in_one_read_is_complete_and_fully_consumed(string response, int status)
    {
        var scanner = new HttpResponseScanner();
        scanner.Reset();
        var bytes = Encoding.ASCII.GetBytes(response);

        Assert.Equal(ScanStatus.Complete, scanner.Scan(bytes, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(status, scanner.StatusCode);
        Assert.False(scanner.ConnectionClose);
    }

    [Theory]
    [InlineData(ContentLengthResponse)]
    [InlineData(ChunkedResponse)]
    public void A_response_split_at_every_possible_point_completes_exactly_at_its_last_byte(string response)
    {
        var bytes = Encoding.ASCII.GetBytes(response);
        for (var split = 1; split < bytes.Length; split++)
        {
            var (status, total) = Feed(new HttpResponseScanner(), bytes[..split], bytes[split..]);
            Assert.Equal(ScanStatus.Complete, status);
            Assert.Equal(bytes.Length, total);
        }
    }

    [Theory]
    [InlineData(ContentLengthResponse)]
    [InlineData(ChunkedResponse)]
    public void A_response_arriving_one_byte_per_read_completes_exactly_at_its_last_byte(string response)
    {
        var bytes = Encoding.ASCII.GetBytes(response);
        var scanner = new HttpResponseScanner();
        scanner.Reset();
        var pending = new List<byte>();
        var total = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            pending.Add(bytes[i]);
            var status = scanner.Scan(pending.ToArray(), out var consumed);
            pending.RemoveRange(0, consumed);
            total += consumed;
            Assert.Equal(i == bytes.Length - 1 ? ScanStatus.Complete : ScanStatus.NeedMore, status);
        }

        Assert.Equal(bytes.Length, total);
        Assert.Empty(pending);
    }

    [Fact]
    public void A_scanner_is_reusable_across_responses_on_the_same_connection()
    {
        var scanner = new HttpResponseScanner();
        foreach (var response in new[] { ChunkedResponse, ContentLengthResponse, ChunkedResponse })
        {
            scanner.Reset();
            var bytes = Encoding.ASCII.GetBytes(response);
            Assert.Equal(ScanStatus.Complete, scanner.Scan(bytes, out var consumed));
            Assert.Equal(bytes.Length, consumed);
        }
    }

    [Fact]
    public void Bytes_after_the_response_are_left_unconsumed()
    {
        var scanner = new HttpResponseScanner();
        scanner.Reset();
        var bytes = Encoding.ASCII.GetBytes(ContentLengthResponse + "HTTP/1.1 200 OK\r\n");

        Assert.Equal(ScanStatus.Complete, scanner.Scan(bytes, out var consumed));
        Assert.Equal(ContentLengthResponse.Length, consumed);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nconnection: Keep-Alive, CLOSE\r\nContent-Length: 2\r\n\r\nok")]
    public void Connection_close_is_reported_so_the_connection_is_reopened(string response)
    {
        var scanner = new HttpResponseScanner();
        scanner.Reset();

        Assert.Equal(ScanStatus.Complete, scanner.Scan(Encoding.ASCII.GetBytes(response), out _));
        Assert.True(scanner.ConnectionClose);
    }

    [Fact]
    public void A_body_without_length_or_chunking_ends_when_the_server_closes()
    {
        var scanner = new HttpResponseScanner();
        scanner.Reset();
        var bytes = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nsome body");

        Assert.Equal(ScanStatus.NeedMore, scanner.Scan(bytes, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.True(scanner.ConnectionClose);
        Assert.Equal(ScanStatus.Complete, scanner.EndOfStream());
    }

    [Fact]
    public void A_close_in_the_middle_of_a_counted_body_is_a_truncated_response()
    {
        var scanner = new HttpResponseScanner();
        scanner.Reset();

        Assert.Equal(ScanStatus.NeedMore, scanner.Scan(Encoding.ASCII.GetBytes(ContentLengthResponse[..^5]), out _));
        Assert.Equal(ScanStatus.Malformed, scanner.EndOfStream());
    }

    [Fact]
    public void A_head_response_has_no_body_whatever_its_content_length_says()
    {
        var scanner = new HttpResponseScanner();
        scanner.Reset(expectBody: false);
        var head = "HTTP/1.1 200 OK\r\nContent-Length: 27\r\n\r\n";

        Assert.Equal(ScanStatus.Complete, scanner.Scan(Encoding.ASCII.GetBytes(head), out var consumed));
        Assert.Equal(head.Length, consumed);
    }

    [Theory]
    [InlineData("garbage\r\n\r\n")]
    [InlineData("HTTP/2 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXX0\r\n\r\n")]
    public void Malformed_responses_are_refused(string response)
    {
        var scanner = new HttpResponseScanner();
        scanner.Reset();

        Assert.Equal(ScanStatus.Malformed, scanner.Scan(Encoding.ASCII.GetBytes(response), out _));
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_refused_instead_of_waiting_forever()
    {
        var scanner = new HttpResponseScanner();
        scanner.Reset();
        var bytes = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nX-Long: " + new string('a', HttpResponseScanner.MaxLineBytes));

        Assert.Equal(ScanStatus.NeedMore, scanner.Scan(bytes.AsSpan(0, 100), out var consumed));
        Assert.Equal(ScanStatus.Malformed, scanner.Scan(bytes.AsSpan(consumed), out _));
    }

    /// <summary>Feeds reads the way the connection does: unconsumed bytes are offered again ahead of the next read.</summary>
    private static (ScanStatus Status, int Consumed) Feed(HttpResponseScanner scanner, params byte[][] reads)
    {
        scanner.Reset();
        var pending = Array.Empty<byte>();
        var total = 0;
        var status = ScanStatus.NeedMore;
        foreach (var read in reads)
        {
            pending = [.. pending, .. read];
            status = scanner.Scan(pending, out var consumed);
            pending = pending[consumed..];
            total += consumed;
            if (status != ScanStatus.NeedMore)
            {
                break;
            }
        }

        return (status, total);
    }
}
