using System.Globalization;
using Stadium.Protection.Slo;
using Stadium.Scaling.Config;
using Stadium.Scaling.Drivers;
using Stadium.Scaling.Hpa;
using Stadium.Scaling.Signals;

namespace Stadium.Scaling.Loop;

/// <summary>
/// One target's round: read its state and where its signals are, scrape them, let every metric propose a count, decide
/// (KEDA's activation for a target that may go to zero, else the HPA), apply a change through the driver, and keep the
/// decision with its inputs.
/// </summary>
internal sealed class TargetAutoscaler
{
    private readonly TargetSpec _spec;
    private readonly ScaledTarget _target;
    private readonly HorizontalAutoscaler _hpa;
    private readonly KedaActivation? _keda;
    private readonly MetricsScraper _scraper;
    private readonly SloObjectives _slo;
    private readonly double _tolerance;
    private readonly TimeProvider _clock;

    public TargetAutoscaler(TargetSpec spec, ScaledTarget target, MetricsScraper scraper, SloObjectives slo, double tolerance, TimeProvider clock)
    {
        _spec = spec;
        _target = target;
        _scraper = scraper;
        _slo = slo;
        _tolerance = tolerance;
        _clock = clock;
        _hpa = new HorizontalAutoscaler(Math.Max(spec.MinReplicas, 1), spec.MaxReplicas, spec.Behavior, clock);
        _keda = spec.MinReplicas == 0 ? new KedaActivation(spec.CooldownPeriod, clock) : null;
    }

    public string Name => _spec.Name;

    /// <summary>Scrapes only, so that the first decision has a window to measure rates over.</summary>
    public async Task PrimeAsync(CancellationToken ct) => await ContextAsync(await _target.Target.ReadAsync(ct), ct);

    /// <summary>A scale-out-only metric's proposal at or below the current count is no proposal (0): it never holds a scale-in.</summary>
    private static MetricProposal ScaleOutOnly(MetricSpec spec, MetricProposal proposal, int current) =>
        spec.ScaleOutOnly && proposal.Replicas is { } replicas && replicas <= current ? proposal with { Replicas = 0 } : proposal;

    public async Task<Decision> RunAsync(CancellationToken ct)
    {
        var state = await _target.Target.ReadAsync(ct);
        var context = await ContextAsync(state, ct);
        var readings = _spec.Metrics.Select(m => (Spec: m, Reading: SignalCatalog.Find(m.Name)!.Read(context, m))).ToList();
        var outcomes = readings.Select(r => new MetricOutcome(r.Spec.Key, r.Spec.Target, r.Reading is null
            ? MetricProposal.Invalid("no reading yet")
            : ScaleOutOnly(r.Spec, ReplicaCalculator.Propose(state.Replicas, state.Members, r.Reading, r.Spec.Target, _tolerance), state.Replicas))).ToList();

        var current = state.Replicas;
        Recommendation recommendation;
        if (_keda?.Decide(current, ActiveBy(readings)) is { } keda)
        {
            recommendation = new Recommendation(current, keda.Replicas, keda.Replicas, "activation", keda.Reason);
        }
        else
        {
            recommendation = _hpa.Decide(current, outcomes);
        }

        var applied = false;
        var reason = recommendation.Reason;
        if (recommendation.Changes)
        {
            try
            {
                await _target.Target.ScaleAsync(recommendation.Desired, ct);
                _hpa.Applied(current, recommendation.Desired);
                applied = true;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or k8s.Autorest.HttpOperationException)
            {
                reason += $"; not applied: {e.Message}";
            }
        }

        var inputs = outcomes.Zip(readings).ToDictionary(
            p => p.First.Signal,
            p => new SignalInput(p.First.Proposal.Value, p.First.Target.Value, p.First.Proposal.Replicas, p.Second.Reading?.Detail ?? p.First.Proposal.Problem),
            StringComparer.Ordinal);
        return new Decision(_clock.GetUtcNow(), _spec.Name, current, recommendation.Desired, applied, recommendation.Signal, reason, inputs, recommendation.Recommended);
    }

    /// <summary>The first metric above its activation value, in words; null when none is (KEDA's IsActive).</summary>
    private static string? ActiveBy(IEnumerable<(MetricSpec Spec, MetricReading? Reading)> readings)
    {
        foreach (var (spec, reading) in readings)
        {
            var value = reading?.Total ?? (reading?.PerReplica is { Count: > 0 } values ? values.Values.Average() : null);
            if (value > spec.Activation)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{spec.Key} {value:0.###} above activationValue {spec.Activation:0.###}");
            }
        }

        return null;
    }

    private async Task<SignalContext> ContextAsync(ScaleState state, CancellationToken ct)
    {
        var plan = await _target.Sources.ReadAsync(ct);
        var gateway = plan.GatewayUrl is { } url ? _scraper.ScrapeAsync(url, ct) : Task.FromResult<ScrapePair?>(null);
        var nodes = plan.Nodes.Select(async n => (n.Name, Scrapes: await _scraper.ScrapeAsync(n.Url, ct))).ToList();
        var scraped = (await Task.WhenAll(nodes)).Where(n => n.Scrapes is not null).ToList();
        var memberNames = state.Members.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var members = scraped.Where(n => memberNames.Contains(n.Name)).ToDictionary(n => n.Name, n => n.Scrapes!, StringComparer.Ordinal);
        return new SignalContext(state, await gateway, members, scraped.Select(n => n.Scrapes!).ToList(), plan.Limits, _slo);
    }
}
