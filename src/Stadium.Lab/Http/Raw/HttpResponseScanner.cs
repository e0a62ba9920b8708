using System.Buffers.Text;
using System.Text;

namespace Stadium.Lab.Http.Raw;

/// <summary>
/// Frames one HTTP/1.1 response incrementally without allocating: reads the status code, the three
/// headers that decide framing (Content-Length, Transfer-Encoding: chunked, Connection: close) and
/// skips the body. The load generator only needs to know where a response ends and what its status
/// was, so everything else is passed over. Lines are only parsed once they are complete: the caller
/// keeps unconsumed bytes and offers them again after the next read.
/// </summary>
internal sealed class HttpResponseScanner
{
    /// <summary>Longest status, header or chunk-size line accepted; the caller's buffer must hold one.</summary>
    public const int MaxLineBytes = 8 * 1024;

    private State _state;
    private bool _expectBody = true;
    private bool _chunked;
    private long _contentLength;
    private long _remaining;

    private enum State
    {
        StatusLine,
        Headers,
        FixedBody,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        BodyUntilClose,
        Done,
    }

    /// <summary>The final status code (interim 1xx answers are skipped); 0 until the status line is read.</summary>
    public int StatusCode { get; private set; }

    /// <summary>The server will close the connection after this response (Connection: close, or a body delimited by closing).</summary>
    public bool ConnectionClose { get; private set; }

    /// <summary>Starts a new response.</summary>
    /// <param name="expectBody">False for HEAD: the headers describe a body that is never sent.</param>
    public void Reset(bool expectBody = true)
    {
        _state = State.StatusLine;
        _expectBody = expectBody;
        StatusCode = 0;
        ConnectionClose = false;
        ResetHeaders();
    }

    /// <summary>Consumes as much of <paramref name="data"/> as belongs to the response and can be parsed yet.</summary>
    /// <param name="consumed">Bytes of <paramref name="data"/> used; the rest must be offered again.</param>
    public ScanStatus Scan(ReadOnlySpan<byte> data, out int consumed)
    {
        consumed = 0;
        while (true)
        {
            var rest = data[consumed..];
            switch (_state)
            {
                case State.Done:
                    return ScanStatus.Complete;

                case State.FixedBody:
                case State.ChunkData:
                    var take = (int)Math.Min(_remaining, rest.Length);
                    consumed += take;
                    _remaining -= take;
                    if (_remaining > 0)
                    {
                        return ScanStatus.NeedMore;
                    }

                    if (_state == State.FixedBody)
                    {
                        _state = State.Done;
                        return ScanStatus.Complete;
                    }

                    _state = State.ChunkDataEnd;
                    continue;

                case State.ChunkDataEnd:
                    if (rest.Length < 2)
                    {
                        return rest.Length == 1 && rest[0] != (byte)'\r' ? ScanStatus.Malformed : ScanStatus.NeedMore;
                    }

                    if (rest[0] != (byte)'\r' || rest[1] != (byte)'\n')
                    {
                        return ScanStatus.Malformed;
                    }

                    consumed += 2;
                    _state = State.ChunkSize;
                    continue;

                case State.BodyUntilClose:
                    consumed += rest.Length;
                    return ScanStatus.NeedMore;
            }

            // Every other state reads one CRLF-terminated line.
            var end = rest.IndexOf("\r\n"u8);
            if (end < 0)
            {
                return rest.Length >= MaxLineBytes ? ScanStatus.Malformed : ScanStatus.NeedMore;
            }

            var line = rest[..end];
            consumed += end + 2;
            var ok = _state switch
            {
                State.StatusLine => ReadStatusLine(line),
                State.Headers => line.IsEmpty ? EndHeaders() : ReadHeader(line),
                State.ChunkSize => ReadChunkSize(line),
                _ => ReadTrailer(line),
            };
            if (!ok)
            {
                return ScanStatus.Malformed;
            }

            if (_state == State.Done)
            {
                return ScanStatus.Complete;
            }
        }
    }

    /// <summary>The server closed the connection: complete if the body was delimited by the close, truncated otherwise.</summary>
    public ScanStatus EndOfStream()
    {
        if (_state == State.BodyUntilClose)
        {
            _state = State.Done;
        }

        return _state == State.Done ? ScanStatus.Complete : ScanStatus.Malformed;
    }

    private void ResetHeaders()
    {
        _chunked = false;
        _contentLength = -1;
        _remaining = 0;
    }

    /// <summary>"HTTP/1.x SSS reason": the version must be 1.x and the code three digits.</summary>
    private bool ReadStatusLine(ReadOnlySpan<byte> line)
    {
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || !char.IsAsciiDigit((char)line[7]) || line[8] != (byte)' '
            || (line.Length > 12 && line[12] != (byte)' '))
        {
            return false;
        }

        var code = 0;
        for (var i = 9; i < 12; i++)
        {
            if (!char.IsAsciiDigit((char)line[i]))
            {
                return false;
            }

            code = (code * 10) + (line[i] - '0');
        }

        StatusCode = code;
        _state = State.Headers;
        return code >= 100;
    }

    private bool ReadHeader(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[colon - 1] is (byte)' ' or (byte)'\t' || line[0] is (byte)' ' or (byte)'\t')
        {
            // No name, whitespace before the colon (RFC 9112 5.1) or an obsolete folded line.
            return false;
        }

        var name = line[..colon];
        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0
                || (_contentLength >= 0 && _contentLength != length))
            {
                return false;
            }

            _contentLength = length;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            // Chunked must be the last coding (RFC 9112 6.1); anything else is delimited by the close.
            _chunked = EndsWithToken(value, "chunked"u8);
            if (!_chunked)
            {
                ConnectionClose = true;
            }
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8) && HasToken(value, "close"u8))
        {
            ConnectionClose = true;
        }

        return true;
    }

    /// <summary>Decides how the body is delimited (RFC 9112 6.3), in order of precedence.</summary>
    private bool EndHeaders()
    {
        if (StatusCode is >= 100 and < 200 and not 101)
        {
            // An interim answer (100 Continue, 103 Early Hints): the real one follows.
            _state = State.StatusLine;
            ResetHeaders();
            return true;
        }

        if (!_expectBody || StatusCode is 101 or 204 or 304)
        {
            _state = State.Done;
            ConnectionClose |= StatusCode == 101;
        }
        else if (_chunked)
        {
            _state = State.ChunkSize;
        }
        else if (_contentLength >= 0)
        {
            _remaining = _contentLength;
            _state = _remaining == 0 ? State.Done : State.FixedBody;
        }
        else
        {
            _state = State.BodyUntilClose;
            ConnectionClose = true;
        }

        return true;
    }

    /// <summary>Hex size, optionally followed by ";extensions".</summary>
    private bool ReadChunkSize(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var digits = (semicolon < 0 ? line : line[..semicolon]).TrimEnd(" \t"u8);
        if (digits.IsEmpty || digits.Length > 15 || !Utf8Parser.TryParse(digits, out long size, out var used, 'x') || used != digits.Length)
        {
            return false;
        }

        _remaining = size;
        _state = size == 0 ? State.Trailers : State.ChunkData;
        return true;
    }

    private bool ReadTrailer(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            _state = State.Done;
        }

        return true;
    }

    private static bool HasToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        foreach (var range in list.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(list[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        var comma = list.LastIndexOf((byte)',');
        return Ascii.EqualsIgnoreCase((comma < 0 ? list : list[(comma + 1)..]).Trim(" \t"u8), token);
    }
}
