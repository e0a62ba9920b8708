using System.Runtime.CompilerServices;
using Stadium.Lab.Engines;
using Stadium.Lab.Execution;
using Stadium.Lab.Http.Raw;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Generic;

/// <summary>
/// `stadium load url` on the raw engine: one pre-formatted request, one <see cref="RawHttpConnection"/>
/// per executor worker slot (so one request in flight per connection, as wrk does), timed the same way
/// as the HttpClient engine: corrected latency from the intended start, service time from the send.
/// The hot loop allocates nothing per request.
/// </summary>
internal sealed class RawUrlWorkload : IUrlWorkload
{
    private readonly RequestBytes _request;
    private readonly RawHttpConnection[] _connections;
    private readonly ConnectionWatchdog _watchdog;
    private readonly EndpointMeter _meter;
    private readonly TimeProvider _time;

    public RawUrlWorkload(RequestBytes request, RawTarget target, int connections, TimeSpan timeout, EndpointMeter meter, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        _request = request;
        _meter = meter;
        _time = time;
        _connections = new RawHttpConnection[connections];
        for (var i = 0; i < connections; i++)
        {
            _connections[i] = new RawHttpConnection(target, timeout, time);
        }

        _watchdog = new ConnectionWatchdog(_connections, timeout, time);
    }

    /// <summary>TCP connections opened over the run: the connection count, plus one per reconnect.</summary>
    public long Connects => _connections.Sum(c => (long)c.Connects);

    public void EnterPhase(int phaseIndex, PhasePlan phase)
    {
        if (phase.IsOpen ? phase.MaxInFlight > _connections.Length : phase.Users!.MaxUsers > _connections.Length)
        {
            throw new InvalidOperationException($"Phase '{phase.Name}' can run more iterations at once than the {_connections.Length} connections.");
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunIterationAsync(IterationContext context, CancellationToken ct)
    {
        var connection = _connections[context.Worker];
        var sent = _time.GetTimestamp();
        var exchange = await connection.ExchangeAsync(_request.Bytes, _request.ExpectsResponseBody, ct).ConfigureAwait(false);
        var done = _time.GetTimestamp();
        _meter.Record(
            Microseconds(context.IntendedTimestamp, done), Microseconds(sent, done), exchange.Status, exchange.Error, exchange.BytesSent, exchange.BytesReceived);
    }

    public async ValueTask DisposeAsync()
    {
        await _watchdog.DisposeAsync().ConfigureAwait(false);
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }

    private long Microseconds(long from, long to) => (long)((to - from) * 1_000_000.0 / _time.TimestampFrequency);
}
