using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Stadium.Lab.Tests.Top;

/// <summary>
/// A real API node as its own process (`stadium serve` from the built CLI, on a free loopback port, empty SQLite data
/// folder), shared by a test class, with traffic sent on demand. Its own process, so its /metrics moves only with the
/// requests a test sends.
/// </summary>
public sealed class ServedNode : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("stadium-top-node-").FullName;
    private Process _process = null!;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        Address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        _process = StadiumCli.Start("serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data", _data);
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Assert.False(_process.HasExited, "stadium serve exited before it was ready");
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("stadium serve was not ready within 60 s.");
    }

    /// <summary>Sends <paramref name="count"/> profile reads (404s: the store is empty) and waits for every answer.</summary>
    public async Task SendProfileReadsAsync(int count)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        for (var i = 0; i < count; i++)
        {
            using var answer = await client.GetAsync($"/v1/users/nobody{i}");
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        }
    }

    public async Task DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    private static int FreePort() => Stadium.Testing.TestPorts.Pick();
}
