using System.Diagnostics.Metrics;

namespace Stadium.Protection.Slo;

/// <summary>
/// SLO events per endpoint (stadium.protection.slo.events and .good_events, counters: their ratio over any window is
/// the availability a dashboard shows) and multi-window burn rates (stadium.protection.slo.burn_rate, a gauge by
/// endpoint and window). The windows are the SRE workbook's pairs: page when both 5m and 1h burn faster than 14.4,
/// or both 30m and 6h faster than 6; the short window of each pair makes the alert stop soon after the burn does.
/// </summary>
internal sealed class SloMetrics : IDisposable
{
    /// <summary>The burn-rate windows, shortest first; the longest sets how much history each endpoint keeps.</summary>
    public static readonly IReadOnlyList<(string Name, TimeSpan Span)> Windows =
        [("5m", TimeSpan.FromMinutes(5)), ("30m", TimeSpan.FromMinutes(30)), ("1h", TimeSpan.FromHours(1)), ("6h", TimeSpan.FromHours(6))];

    /// <summary>Burn rates move in steps of this; 30 s keeps a 5-minute window within 10 % and six hours in 721 buckets per endpoint.</summary>
    private static readonly TimeSpan Bucket = TimeSpan.FromSeconds(30);

    private readonly Meter _meter;
    private readonly Counter<long> _events;
    private readonly Counter<long> _good;
    private readonly Dictionary<EndpointObjective, BurnRateWindow> _windows;

    public SloMetrics(IMeterFactory meters, SloObjectives objectives, TimeProvider time)
    {
        _windows = objectives.Endpoints.ToDictionary(o => o, _ => new BurnRateWindow(time, Bucket, Windows[^1].Span));
        _meter = meters.Create(ProtectionMetrics.MeterName);
        _events = _meter.CreateCounter<long>("stadium.protection.slo.events", "{request}", "Requests counted against the endpoint's SLO (429s and requests the client left are not).");
        _good = _meter.CreateCounter<long>("stadium.protection.slo.good_events", "{request}", "Requests within the endpoint's latency objective and not a 5xx.");
        // No unit: with "1" the Prometheus exporter would name it ..._burn_rate_ratio.
        _meter.CreateObservableGauge("stadium.protection.slo.burn_rate", ObserveBurnRates, unit: null,
            "How fast the endpoint spends its error budget over the window: 1 spends it in exactly the SLO's window.");
    }

    public void Record(EndpointObjective objective, SloOutcome outcome)
    {
        if (outcome == SloOutcome.Excluded)
        {
            return;
        }

        var tag = new KeyValuePair<string, object?>("endpoint", objective.Name);
        _events.Add(1, tag);
        if (outcome == SloOutcome.Good)
        {
            _good.Add(1, tag);
        }

        _windows[objective].Record(outcome == SloOutcome.Good);
    }

    /// <summary>The burn rate of one endpoint over one of <see cref="Windows"/>.</summary>
    public double BurnRate(EndpointObjective objective, TimeSpan window) => _windows[objective].BurnRate(window, objective.ErrorBudget);

    private IEnumerable<Measurement<double>> ObserveBurnRates()
    {
        foreach (var (objective, events) in _windows)
        {
            foreach (var (name, span) in Windows)
            {
                yield return new Measurement<double>(events.BurnRate(span, objective.ErrorBudget),
                    new KeyValuePair<string, object?>("endpoint", objective.Name), new KeyValuePair<string, object?>("window", name));
            }
        }
    }

    public void Dispose() => _meter.Dispose();
}
