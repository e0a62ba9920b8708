using Microsoft.Extensions.Logging;
using Stadium.Protection.Slo;
using Stadium.Scaling.Config;
using Stadium.Scaling.Drivers;

namespace Stadium.Scaling.Loop;

/// <summary>
/// Every target of one config file, evaluated together each round. A target whose round fails (its cluster is gone, its
/// API server does not answer) is logged and tried again next round; the others go on.
/// </summary>
internal sealed class Autoscaler : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly IReadOnlyList<TargetAutoscaler> _targets;
    private readonly DecisionLog _log;
    private readonly ScalingMetrics _metrics;
    private readonly ILogger<Autoscaler> _logger;

    public Autoscaler(AutoscaleConfig config, DecisionLog log, ScalingMetrics metrics, TimeProvider clock, ILogger<Autoscaler> logger)
    {
        _log = log;
        _metrics = metrics;
        _logger = logger;
        var slo = config.SloFile is null ? SloFileParser.BuiltIn : SloFileParser.Load(config.SloFile);
        var scraper = new MetricsScraper(_http, clock, config.Window);
        _targets = config.Targets
            .Select(t => new TargetAutoscaler(t, ScaleDrivers.Find(t.Driver)!.Create(t, config, _http), scraper, slo, config.Tolerance, clock))
            .ToList();
    }

    public async Task PrimeAsync(CancellationToken ct)
    {
        foreach (var target in _targets)
        {
            await Guarded(target, () => target.PrimeAsync(ct));
        }
    }

    public async Task<IReadOnlyList<Decision>> RoundAsync(CancellationToken ct)
    {
        var decisions = new List<Decision>();
        foreach (var target in _targets)
        {
            await Guarded(target, async () =>
            {
                var decision = await target.RunAsync(ct);
                _metrics.Record(decision);
                await _log.AppendAsync(decision, ct);
                decisions.Add(decision);
            });
        }

        return decisions;
    }

    public void Dispose() => _http.Dispose();

    private async Task Guarded(TargetAutoscaler target, Func<Task> round)
    {
        try
        {
            await round();
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or k8s.Autorest.HttpOperationException or IOException)
        {
            _logger.LogWarning("{Target}: no decision this round: {Problem}", target.Name, e.Message);
        }
    }
}
