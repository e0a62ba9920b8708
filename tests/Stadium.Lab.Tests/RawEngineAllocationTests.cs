using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Stadium.Lab.Execution;
using Stadium.Lab.Generic;
using Stadium.Lab.Http.Raw;
using Stadium.Lab.Measurement;
using Xunit.Abstractions;

namespace Stadium.Lab.Tests;

/// <summary>Runs alone: allocation counts are process-wide, so no other test may allocate meanwhile.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>
/// The raw engine's promise: after warm-up, a request (send, read, frame, time, record into the HDR
/// meter) allocates nothing. Measured against a server loop that allocates nothing either, so the
/// process-wide allocation counter sees only the engine.
/// </summary>
[Collection(nameof(AllocationCollection))]
public class RawEngineAllocationTests(ITestOutputHelper output)
{
    // Long enough for tiering to settle and for the test host's own start-up chatter (it allocates in
    // this process too) to be over before the count starts.
    private const int WarmUp = 10_000;
    private const int Measured = 20_000;
    private const int Windows = 3;

    [Fact]
    public async Task A_request_through_the_workload_allocates_nothing_after_warm_up()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var serving = ServeWithoutAllocatingAsync(listener, stop.Token);
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}/json");
        var measurements = new LoadMeasurements();
        var meter = measurements.Meter(new EndpointDefinition("url", "GET", "/json"));
        var time = TimeProvider.System;
        await using var workload = new RawUrlWorkload(
            RequestBytes.Format("GET", url, [], null), await RawTarget.ResolveAsync(url, stop.Token), 1, TimeSpan.FromSeconds(5), meter, time);

        await RunAsync(workload, WarmUp, time, stop.Token);

        // The counter is process-wide and the test host reports other tests' results meanwhile, so the
        // quietest of three windows is taken: an allocation per request would show in every one of them.
        var windows = new long[Windows];
        for (var w = 0; w < Windows; w++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await RunAsync(workload, Measured, time, stop.Token);
            windows[w] = GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        await stop.CancelAsync();
        await serving;

        output.WriteLine($"bytes allocated per window of {Measured:N0} requests: {string.Join(", ", windows.Select(b => b.ToString("N0", CultureInfo.InvariantCulture)))}");
        Assert.Equal(WarmUp + (Windows * Measured), meter.Requests);
        Assert.Equal(0, meter.Errors);
        Assert.Equal(1, workload.Connects);

        // One object per request would be at least 24 bytes each (480 KB a window); the ~15 KB seen in a
        // quiet window are the runtime's own, so the bound is 2 bytes per request.
        var quietest = windows.Min();
        Assert.True(quietest < 2 * Measured, $"{quietest:N0} bytes over {Measured:N0} requests ({(double)quietest / Measured:0.##} per request)");
    }

    private static async Task RunAsync(RawUrlWorkload workload, int requests, TimeProvider time, CancellationToken ct)
    {
        for (var i = 0; i < requests; i++)
        {
            await workload.RunIterationAsync(new IterationContext(time.GetTimestamp(), 0, 0), ct);
        }
    }

    /// <summary>One connection, one request at a time (a GET without body ends at the blank line), a fixed answer.</summary>
    private static async Task ServeWithoutAllocatingAsync(Socket listener, CancellationToken ct)
    {
        var answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{\"message\":\"Hello, World!\"}");
        var buffer = new byte[4096];
        try
        {
            using var client = await listener.AcceptAsync(ct);
            var filled = 0;
            while (true)
            {
                var read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, ct);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                if (buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8) >= 0)
                {
                    filled = 0;
                    await client.SendAsync(answer.AsMemory(), SocketFlags.None, ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
    }
}
