using Stadium.Lab.Measurement;

namespace Stadium.Lab.Dashboard;

/// <summary>
/// `load url|run --dashboard [PORT]`: serves the live page while the run lasts. <see cref="Observe"/> goes beside the
/// progress line as the runner's per-second callback (it copies the closed second, nothing more, on the ticker).
/// After <see cref="Finish"/> the page's next poll (within a second) sees the final state; disposing waits for that
/// (<see cref="FinalStateServed"/> after Finish at most) and then stops the server, so the process exits by itself.
/// </summary>
internal sealed class LiveDashboard : IAsyncDisposable
{
    /// <summary>The port `--dashboard` without a value uses (k6's web dashboard uses it too).</summary>
    public const int DefaultPort = 5665;

    /// <summary>How long the final state stays served after the run: longer than the page's one-second poll.</summary>
    public static readonly TimeSpan FinalStateServed = TimeSpan.FromSeconds(2);

    private readonly DashboardState _state;
    private readonly DashboardServer _server;
    private readonly TimeProvider _time;
    private long _finishedAt;

    private LiveDashboard(DashboardState state, DashboardServer server, TimeProvider time)
    {
        _state = state;
        _server = server;
        _time = time;
    }

    public Uri Url => _server.Url;

    /// <returns>null when <paramref name="port"/> is null (no --dashboard).</returns>
    /// <exception cref="FormatException">The port is out of range.</exception>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<LiveDashboard?> StartAsync(int? port, string mode, Uri target, TimeProvider time, CancellationToken ct)
    {
        if (port is not { } chosen)
        {
            return null;
        }

        if (chosen is < 0 or > 65535)
        {
            throw new FormatException($"--dashboard: port {chosen} is not a port number (1-65535, or 0 for any free port).");
        }

        var state = new DashboardState(mode, target.ToString());
        var server = await DashboardServer.StartAsync(state, chosen, ct).ConfigureAwait(false);
        return new LiveDashboard(state, server, time);
    }

    /// <summary>Both callbacks in turn, either of which may be absent.</summary>
    public static Action<SecondBucket, LoadMeasurements>? Compose(Action<SecondBucket, LoadMeasurements>? onSecond, LiveDashboard? dashboard) =>
        dashboard is null ? onSecond : onSecond + dashboard.Observe;

    public void Observe(SecondBucket bucket, LoadMeasurements measurements) => _state.Add(bucket, measurements);

    public void Finish()
    {
        _finishedAt = _time.GetTimestamp();
        _state.Finish();
    }

    public async ValueTask DisposeAsync()
    {
        if (_finishedAt != 0 && FinalStateServed - _time.GetElapsedTime(_finishedAt) is { } left && left > TimeSpan.Zero)
        {
            await Task.Delay(left, _time).ConfigureAwait(false);
        }

        await _server.DisposeAsync().ConfigureAwait(false);
    }
}
