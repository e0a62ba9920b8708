using System.CommandLine;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
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
            return result.GetValue(once) ? await OnceAsync(result, file, ct) : await ServeAsync(file, result.GetValue(port), ct);
        });
        return command;
    }

    /// <summary>
    /// One round: standard output is the decisions as JSON lines and nothing else (a script pipes it into jq), so the
    /// log goes to standard error; a target without a decision (its cluster unreadable, say) is an error, exit 1.
    /// </summary>
    private static async Task<int> OnceAsync(ParseResult result, AutoscaleConfig file, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddAutoscaler(file, rounds: false);
        IReadOnlyList<Decision> decisions;
        // Disposed before anything is printed: the console logger writes from a queue, which the host's end flushes.
        using (var host = Build(builder.Build))
        {
            decisions = await AutoscalerRegistration.RunOnceAsync(host.Services, ct);
        }

        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        foreach (var decision in decisions)
        {
            Console.WriteLine(JsonSerializer.Serialize(decision, json));
        }

        var undecided = file.Targets.Select(t => t.Name).Except(decisions.Select(d => d.Target)).ToList();
        if (undecided.Count > 0)
        {
            await ErrorLine.WriteAsync(result, $"no decision for {string.Join(", ", undecided)} this round (the warning above says why)", seeHelp: false);
            return ExitCodes.Failed;
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
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ScalingMetrics.MeterName).AddPrometheusExporter());
        await using var app = Build(builder.Build);
        app.UseStatusCodePages(); // a route it does not have (404) or a wrong method (405) answers problem+json
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
