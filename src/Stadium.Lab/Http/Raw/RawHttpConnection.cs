using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Http.Raw;

/// <summary>
/// One HTTP/1.1 keep-alive connection with one request in flight at a time, as wrk drives it: writes
/// the pre-formatted request, reads into a buffer it owns and lets <see cref="HttpResponseScanner"/>
/// find where the response ends. After the first connect an exchange allocates nothing: socket
/// operations complete through the socket's cached awaitables and the async state lives in pooled boxes.
/// A connection that fails, times out, gets an unexpected byte or is told "Connection: close" is
/// closed and reopened by the next exchange. Timeouts are enforced from outside by
/// <see cref="ConnectionWatchdog"/>, so the hot path arms no timer.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    public const int DefaultBufferBytes = 16 * 1024;

    private const long Idle = long.MaxValue;
    private const long Expired = long.MinValue;

    private readonly RawTarget _target;
    private readonly TimeSpan _timeout;
    private readonly long _timeoutTicks;
    private readonly TimeProvider _time;
    private readonly byte[] _buffer;
    private readonly HttpResponseScanner _scanner = new();

    // Guards the hand-over between the watchdog (which disposes an overdue socket) and the exchange
    // (which replaces it), so the watchdog can never dispose a socket opened after the one it expired.
    private readonly Lock _gate = new();
    private Socket? _socket;
    private long _deadline = Idle;
    private int _start;
    private int _end;
    private long _sent;
    private long _received;

    public RawHttpConnection(RawTarget target, TimeSpan timeout, TimeProvider time, int bufferBytes = DefaultBufferBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferBytes, HttpResponseScanner.MaxLineBytes * 2);
        _target = target;
        _timeout = timeout;
        _timeoutTicks = (long)(timeout.TotalSeconds * time.TimestampFrequency);
        _time = time;
        _buffer = new byte[bufferBytes];
    }

    /// <summary>TCP connections opened so far (1 for a connection kept alive the whole run).</summary>
    public int Connects { get; private set; }

    /// <summary>Sends <paramref name="request"/> and reads its whole response. Failures come back as an error kind, not an exception.</summary>
    /// <param name="expectBody">False for HEAD.</param>
    /// <exception cref="OperationCanceledException">Only when <paramref name="ct"/> is cancelled (the run is aborting).</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RawExchange> ExchangeAsync(ReadOnlyMemory<byte> request, bool expectBody, CancellationToken ct)
    {
        RawExchange result;
        try
        {
            result = await ExchangeOnceAsync(request, expectBody, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Disarm();
            Close();
            throw;
        }

        if (Disarm())
        {
            // The watchdog gave up on this exchange and disposed the socket under it.
            Close();
            return result with { Status = 0, Error = ErrorKind.Timeout };
        }

        return result;
    }

    /// <summary>Called by the watchdog: aborts the exchange in flight if it is past its deadline.</summary>
    public bool ExpireIfOverdue(long now)
    {
        lock (_gate)
        {
            // Compare-and-swap, so an exchange that disarms at this very moment either wins (and keeps
            // its socket) or sees Expired and reports a timeout; never a disposed socket with no verdict.
            var deadline = Volatile.Read(ref _deadline);
            if (deadline == Idle || deadline == Expired || now < deadline
                || Interlocked.CompareExchange(ref _deadline, Expired, deadline) != deadline)
            {
                return false;
            }

            _socket?.Dispose();
            return true;
        }
    }

    public void Dispose() => Close();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RawExchange> ExchangeOnceAsync(ReadOnlyMemory<byte> request, bool expectBody, CancellationToken ct)
    {
        _sent = _received = 0;
        try
        {
            var socket = _socket ?? await ConnectAsync(ct).ConfigureAwait(false);
            Volatile.Write(ref _deadline, _time.GetTimestamp() + _timeoutTicks);
            while (!request.IsEmpty)
            {
                var sent = await socket.SendAsync(request, SocketFlags.None, ct).ConfigureAwait(false);
                _sent += sent;
                request = request[sent..];
            }

            _scanner.Reset(expectBody);
            _start = _end = 0;
            while (true)
            {
                if (_end == _buffer.Length && !Compact())
                {
                    return Fail(ErrorKind.ProtocolError);
                }

                var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct).ConfigureAwait(false);
                if (read == 0)
                {
                    // Closed by the server: fine if the body was delimited by the close, a reset otherwise
                    // (including a keep-alive connection the server dropped before answering).
                    var complete = _scanner.EndOfStream() == ScanStatus.Complete;
                    Close();
                    return complete ? Answer() : new RawExchange(0, ErrorKind.ConnectionReset, _sent, _received);
                }

                _received += read;
                _end += read;
                var status = _scanner.Scan(_buffer.AsSpan(_start, _end - _start), out var consumed);
                _start += consumed;
                if (status == ScanStatus.Complete)
                {
                    break;
                }

                if (status == ScanStatus.Malformed)
                {
                    return Fail(ErrorKind.ProtocolError);
                }

                if (_start == _end)
                {
                    _start = _end = 0;
                }
            }

            if (_start != _end)
            {
                // Bytes beyond the response with nothing else asked: the framing went wrong somewhere.
                return Fail(ErrorKind.ProtocolError);
            }

            if (_scanner.ConnectionClose)
            {
                Close();
            }

            return Answer();
        }
        catch (Exception failure) when ((failure is SocketException or IOException or ObjectDisposedException or TimeoutException) && !ct.IsCancellationRequested)
        {
            return Fail(FailureClassifier.Classify(failure));
        }
    }

    private RawExchange Answer() => new(_scanner.StatusCode, ErrorKind.None, _sent, _received);

    private RawExchange Fail(ErrorKind kind)
    {
        Close();
        return new RawExchange(0, kind, _sent, _received);
    }

    /// <summary>Moves the unconsumed tail to the front; false when a single line fills the whole buffer.</summary>
    private bool Compact()
    {
        if (_start == 0)
        {
            return false;
        }

        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        _end -= _start;
        _start = 0;
        return true;
    }

    private async ValueTask<Socket> ConnectAsync(CancellationToken ct)
    {
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        connectTimeout.CancelAfter(_timeout);
        SocketException? refused = null;
        foreach (var endpoint in _target.EndPoints)
        {
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endpoint, connectTimeout.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    _socket = socket;
                }

                Connects++;
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                refused = e;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                socket.Dispose();
                throw new TimeoutException($"No connection to {endpoint} within {_timeout.TotalSeconds:0.###} s.");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw refused ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>Ends the exchange's deadline; true when the watchdog had already expired it.</summary>
    private bool Disarm() => Interlocked.Exchange(ref _deadline, Idle) == Expired;

    private void Close()
    {
        lock (_gate)
        {
            _socket?.Dispose();
            _socket = null;
        }

        _start = _end = 0;
    }
}
