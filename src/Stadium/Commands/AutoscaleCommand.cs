using System.CommandLine;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using Stadium.Scaling;
using Stadium.Scaling.Config;
using Stadium.Scaling.Loop;

namespace Stadium.Commands;

/// <summary>
/// `stadium autoscale --config FILE [--port P] [--once]`: the HPA v2 algorithm over the fleet's signals, scaling each
/// target of the YAML file through its driver; serves /metrics and GET /decisions on 127.0.0.1:P.
/// </summary>
internal static class AutoscaleCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "The autoscaler's YAML file: targets with driver, minReplicas, maxReplicas, metrics and behavior (see scaling/autoscale.yaml).",
            HelpName = "FILE",
            Required = true,
        };
        config.Validators.Add(result =>
        {
            if (result.Tokens is [var token])
            {
                try
                {
                    AutoscaleFileParser.Load(token.Value);
                }
                catch (FormatException e)
                {
                    result.AddError(e.Message);
                }
            }
        });
        var port = CommonOptions.Port(8097, "/metrics and /decisions");
        var once = new Option<bool>("--once") { Description = "Scrape, wait one window, decide and apply once, print the decisions as JSON lines, and exit." };
        var command = new Command("autoscale", "Scale the cluster's API nodes and workers (or Kubernetes Deployments) on its signals, as the Kubernetes HPA does.")
        {
            config, port, once,
        };
        command.SetAction(async (result, ct) =>
        {
            var file = AutoscaleFileParser.Load(result.GetValue(config)!);
            return result.GetValue(once) ? await OnceAsync(file, ct) : await ServeAsync(file, result.GetValue(port), ct);
        });
        return command;
    }

    private static async Task<int> OnceAsync(AutoscaleConfig file, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAutoscaler(file, rounds: false);
        using var host = Build(builder.Build);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        foreach (var decision in await AutoscalerRegistration.RunOnceAsync(host.Services, ct))
        {
            Console.WriteLine(JsonSerializer.Serialize(decision, json));
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> ServeAsync(AutoscaleConfig file, int port, CancellationToken ct)
    {
        var urls = $"http://127.0.0.1:{port}";
        BindAddress.EnsureFree(urls);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Services.AddAutoscaler(file);
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ScalingMetrics.MeterName).AddPrometheusExporter());
        await using var app = Build(builder.Build);
        app.MapAutoscaler();
        app.MapPrometheusScrapingEndpoint("/metrics");
        await HostStart.StartAsync(app, ct);
        Console.WriteLine($"Autoscaler: {string.Join(", ", file.Targets.Select(t => $"{t.Name} ({t.Driver}, {t.MinReplicas}-{t.MaxReplicas})"))}; "
            + $"decisions in {file.DecisionsFile}, {app.Urls.First()}/decisions, {app.Urls.First()}/metrics");
        await app.WaitForShutdownAsync(ct);
        return ExitCodes.Ok;
    }

    /// <summary>Builds the host; a driver setting that is wrong (found when the targets are created) is bad input.</summary>
    private static T Build<T>(Func<T> build)
        where T : IHost
    {
        var host = build();
        try
        {
            AutoscalerRegistration.CreateTargets(host.Services);
        }
        catch (FormatException e)
        {
            host.Dispose();
            throw new UsageException(e.Message);
        }

        return host;
    }
}
