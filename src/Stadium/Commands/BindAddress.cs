using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Stadium.Commands;

/// <summary>
/// Where a host verb (up, serve, work) listens: --urls, else --host and --port, else ASPNETCORE_URLS, else
/// http://127.0.0.1:PORT. Exposing a node is a choice made here, never a default. <see cref="EnsureFree"/> binds each
/// address once before anything else happens, so a port another process holds fails the verb in milliseconds, with
/// the data folder and database untouched and no worker started.
/// </summary>
internal sealed class BindAddress
{
    private const string UrlsVariable = "ASPNETCORE_URLS";

    private readonly Option<int> _port;
    private readonly Option<string> _host = new("--host")
    {
        Description = "Address to listen on: 127.0.0.1 (default), 0.0.0.0 for every interface (in a container), or one of this machine's addresses.",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    private readonly Option<string?> _urls = new("--urls")
    {
        Description = $"Listen on these URLs instead (';' between several), e.g. http://0.0.0.0:8080; {UrlsVariable} is used when neither --urls, --host nor --port is given.",
    };

    public BindAddress(Option<int> port)
    {
        _port = port;
        _host.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && !IsHost(token.Value))
            {
                result.AddError($"--host: '{token.Value}' is not an IP address or localhost (0.0.0.0 listens on every interface)");
            }
        });
        _urls.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && BadUrl(token.Value) is { } bad)
            {
                result.AddError($"--urls: {bad}");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_port);
        command.Options.Add(_host);
        command.Options.Add(_urls);
    }

    /// <summary>The --port value (the default when not given).</summary>
    public int Port(ParseResult result) => result.GetValue(_port);

    /// <summary>The URLs to hand Kestrel, e.g. "http://127.0.0.1:8080".</summary>
    public string Urls(ParseResult result)
    {
        if (result.GetValue(_urls) is { Length: > 0 } urls)
        {
            return urls;
        }

        var chosen = result.GetResult(_host) is { Implicit: false } || result.GetResult(_port) is { Implicit: false };
        if (!chosen && Environment.GetEnvironmentVariable(UrlsVariable) is { Length: > 0 } variable)
        {
            return BadUrl(variable) is { } bad ? throw new UsageException($"{UrlsVariable}: {bad}") : variable;
        }

        var host = result.GetValue(_host)!;
        return $"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{result.GetValue(_port)}";
    }

    /// <summary>Binds each address and lets it go again; a taken port or an address this machine lacks is a usage error.</summary>
    public static void EnsureFree(string urls)
    {
        foreach (var url in Split(urls))
        {
            var address = BindingAddress.Parse(url);
            if (address.Port == 0)
            {
                continue;
            }

            try
            {
                using var listener = new TcpListener(Ip(address.Host), address.Port);
                listener.Start();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new UsageException($"{address.Host}:{address.Port} is already in use by another process; choose another --port (0 picks a free one)");
            }
            catch (SocketException e)
            {
                throw new UsageException($"cannot listen on {address.Host}:{address.Port}: {e.Message}");
            }
        }
    }

    private static IEnumerable<string> Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? BadUrl(string urls)
    {
        foreach (var url in Split(urls))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                return $"'{url}' is not a URL such as http://0.0.0.0:8080";
            }

            if (address.IsUnixPipe || address.Scheme != "http" || !IsHost(address.Host) || address.Port is < 0 or > 65535)
            {
                return $"'{url}' is not a URL such as http://0.0.0.0:8080 (plain http on an IP address or localhost; TLS belongs to the gateway in front)";
            }
        }

        return null;
    }

    private static bool IsHost(string host) =>
        host is "localhost" or "*" or "+" || IPAddress.TryParse(host.Trim('[', ']'), out _);

    private static IPAddress Ip(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" => IPAddress.Any,
        _ => IPAddress.Parse(host.Trim('[', ']')),
    };
}
