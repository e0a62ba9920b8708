using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Stadium.Chaos;

namespace Stadium.Commands;

/// <summary>
/// <c>stadium chaos proxy [--api 127.0.0.1:8474]</c>: the fault proxy, driven through Toxiproxy's HTTP API on
/// <c>--api</c>; its proxies listen on loopback. Runs until Ctrl+C or SIGTERM, which closes every proxy.
/// </summary>
internal static class ChaosProxyCommand
{
    public static Command Create()
    {
        var api = new Option<string>("--api")
        {
            Description = "Address of the proxy API, HOST:PORT with HOST an IP address or localhost (port 0: any free port). Toxiproxy's default is 127.0.0.1:8474.",
            DefaultValueFactory = _ => "127.0.0.1:8474",
            HelpName = "HOST:PORT",
        };
        api.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && Parse(token.Value) is null)
            {
                result.AddError($"--api '{token.Value}' is not HOST:PORT with HOST an IP address or localhost and PORT from 0 to 65535.");
            }
        });
        var command = new Command("proxy", "Run TCP proxies whose faults (latency, bandwidth, timeouts, resets, loss ...) are set through Toxiproxy's HTTP API; every toxic may carry a TTL after which it ends by itself.")
        {
            api,
        };
        command.SetAction(async (result, ct) =>
        {
            var endpoint = Parse(result.GetValue(api)!)!;
            EnsureFree(endpoint);
            await using var app = FaultProxyHost.Build(endpoint);
            await HostStart.StartAsync(app, ct);
            var address = FaultProxyHost.Address(app);
            Console.WriteLine($"Stadium fault proxy is up: Toxiproxy's API on {address}");
            Console.WriteLine($"  proxies: {address}proxies");
            Console.WriteLine($"  e.g. curl -X POST {address}proxies -d '{{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:5432\"}}'");
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static IPEndPoint? Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return null;
        }

        var host = text[..colon].Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : null;
    }

    /// <summary>A taken --api port is the verb's one error line, before anything starts.</summary>
    private static void EnsureFree(IPEndPoint endpoint)
    {
        if (endpoint.Port == 0)
        {
            return;
        }

        try
        {
            using var listener = new TcpListener(endpoint);
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new UsageException($"{endpoint} is already in use by another process; choose another --api (port 0 picks a free one)");
        }
        catch (SocketException e)
        {
            throw new UsageException($"cannot listen on {endpoint}: {e.Message}");
        }
    }
}
