using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Stadium.Gateway;
using Stadium.Service;

namespace Stadium.Commands;

/// <summary>
/// `stadium gateway`: YARP in front of API nodes (the static Stadium:Gateway:Destinations, or the nodes of the cluster
/// file Stadium:Gateway:ClusterFile names), serving the whole v1 API, /health/ready, /metrics and /gateway/destinations.
/// </summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var bind = new BindAddress(CommonOptions.Port(what: "the gateway"));
        var config = CommonOptions.Config();
        var slo = CommonOptions.Slo("the deadline the gateway gives each route (default: the built-in copy of the repository's slo.yaml)");
        var command = new Command("gateway", "Run the gateway in front of API nodes (on 127.0.0.1 unless --host or --urls say otherwise); nodes come from Stadium:Gateway in --config or Stadium__Gateway__* variables.")
        {
            config, slo,
        };
        bind.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var urls = bind.Urls(result);
            BindAddress.EnsureFree(urls);
            var settings = new Dictionary<string, string?>();
            ServeCommand.WithSlo(settings, result.GetValue(slo));
            var app = GatewayApp.Build(new GatewayHostSettings(urls, result.GetValue(config), settings));
            await HostStart.StartAsync(app, ct);
            var gateway = app.Configuration.GetSection("Stadium:Gateway");
            var nodes = gateway["ClusterFile"] is { Length: > 0 } file ? $"the api nodes of {Path.GetFullPath(file)}" : $"{gateway.GetSection("Destinations").GetChildren().Count()} listed";
            Console.WriteLine($"Stadium gateway is up on {app.Address()}, nodes: {nodes}.");
            Console.WriteLine($"  nodes:   {app.Address()}gateway/destinations");
            Console.WriteLine($"  metrics: {app.Address()}metrics");
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
