using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Stadium.Testing;

namespace Stadium.Chaos.Tests;

/// <summary><c>stadium chaos proxy</c> as a user runs it: misuse is one error line and exit 2; SIGTERM stops it cleanly.</summary>
public sealed class ChaosProxyCommandTests
{
    [Theory]
    [InlineData("nonsense")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("example.org:8474")]
    public async Task A_bad_api_address_is_one_line_and_exit_2(string api)
    {
        var (exitCode, _, errors) = await BuiltCli.RunAsync(["chaos", "proxy", "--api", api]);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"stadium chaos proxy: --api '{api}' is not HOST:PORT", line, StringComparison.Ordinal);
        Assert.EndsWith("(see --help)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_api_port_is_one_line_and_exit_2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, _, errors) = await BuiltCli.RunAsync(["chaos", "proxy", "--api", $"127.0.0.1:{port}"]);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"stadium chaos proxy: 127.0.0.1:{port} is already in use by another process; choose another --api (port 0 picks a free one) (see --help)", line);
    }

    [Fact]
    public async Task The_proxy_serves_Toxiproxys_api_and_stops_on_SIGTERM()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { BuiltCli.Path, "chaos", "proxy", "--api", "127.0.0.1:0" })
        {
            info.ArgumentList.Add(argument);
        }

        using var proxy = Process.Start(info)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var banner = await proxy.StandardOutput.ReadLineAsync(timeout.Token);
            var api = Regex.Match(banner ?? "", @"http://127\.0\.0\.1:\d+/").Value;
            Assert.True(api.Length > 0, $"no API address in: {banner}");
            using var http = new HttpClient { BaseAddress = new Uri(api) };
            Assert.Contains("\"version\"", await http.GetStringAsync("version", timeout.Token), StringComparison.Ordinal);

            using (var kill = Process.Start("kill", ["-TERM", proxy.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await proxy.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, proxy.ExitCode);
        }
        finally
        {
            if (!proxy.HasExited)
            {
                proxy.Kill(entireProcessTree: true);
            }
        }
    }
}
