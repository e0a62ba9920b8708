using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stadium.Protection.Scraping;

namespace Stadium.Gateway.Dashboard;

/// <summary>
/// Once an interval: reads where the nodes are, scrapes them all at once (and the gateway's own /metrics, at the address
/// this host listens on), reads new autoscaler decisions, and adds the snapshot to the history, while the dashboard is
/// watched (<see cref="DashboardHistory.Watched"/>). A round that fails is logged and skipped; the next one runs on time.
/// </summary>
internal sealed partial class DashboardSampler(
    FleetLayoutReader layouts,
    NodeScraper scraper,
    DashboardHistory history,
    IServer server,
    IOptions<FleetDashboardOptions> options,
    TimeProvider time,
    ILogger<DashboardSampler> logger) : BackgroundService
{
    private readonly FleetSecondBuilder _builder = new();
    private readonly DecisionLog _decisions = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                if (history.Watched(time.GetUtcNow()))
                {
                    history.Add(await SampleAsync(stoppingToken).ConfigureAwait(false));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRoundFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal async Task<FleetSecond> SampleAsync(CancellationToken ct)
    {
        var layout = layouts.Read();
        var readings = Task.WhenAll(layout.Members.Select(m => scraper.ReadAsync(m, ct)));
        var gateway = Self() is { } self ? scraper.ScrapeAsync(self, ct) : Task.FromResult<MetricsScrape?>(null);
        var decisions = _decisions.ReadNew(layout.DecisionsFile);
        return _builder.Next(layout, await readings.ConfigureAwait(false), await gateway.ConfigureAwait(false), decisions, time.GetUtcNow());
    }

    /// <summary>This host's own address, with a wildcard host made loopback; null before it listens.</summary>
    private Uri? Self()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal));
        if (address is null)
        {
            return null;
        }

        var builder = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]" or "::" or "localhost")
        {
            builder.Host = "127.0.0.1";
        }

        return builder.Uri;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard: a sampling round failed; the next one runs on time")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
