using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;

namespace Stadium.Protection.Dependencies;

/// <summary>
/// The pipelines' instruments, tagged by dependency: calls, retries made and refused by the budget (counters), the
/// breaker's state (0 closed, 1 half-open, 2 open, 3 isolated) and the retries the budget has left (gauges).
/// </summary>
internal sealed class DependencyMetrics
{
    private readonly Counter<long> _calls;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _transitions;

    public DependencyMetrics(Meter meter, Func<IEnumerable<DependencyPipeline>> pipelines)
    {
        _calls = meter.CreateCounter<long>("stadium.protection.dependency.calls", "{call}", "Calls made through a dependency's pipeline (first attempts).");
        _retries = meter.CreateCounter<long>("stadium.protection.dependency.retries", "{retry}", "Retries made after a failed attempt.");
        _refused = meter.CreateCounter<long>("stadium.protection.dependency.retries.refused", "{retry}", "Retries not made because the retry budget was spent.");
        _transitions = meter.CreateCounter<long>("stadium.protection.dependency.breaker.transitions", "{transition}", "Breaker state changes, by the state entered.");
        meter.CreateObservableGauge("stadium.protection.dependency.breaker.state", () => pipelines().Select(p =>
            new Measurement<int>(StateValue(p.State), Tag(p.Name))), "{state}", "Breaker state: 0 closed, 1 half-open, 2 open, 3 isolated.");
        meter.CreateObservableGauge("stadium.protection.dependency.retry_budget.available", () => pipelines().Where(p => p.Budget is not null).Select(p =>
            new Measurement<double>(p.Budget!.Available, Tag(p.Name))), "{retry}", "Retries the budget allows now over its window.");
    }

    public void Call(string dependency) => _calls.Add(1, Tag(dependency));

    public void Retry(string dependency) => _retries.Add(1, Tag(dependency));

    public void Refused(string dependency) => _refused.Add(1, Tag(dependency));

    public void Transition(string dependency, CircuitState state) =>
        _transitions.Add(1, Tag(dependency), new KeyValuePair<string, object?>("state", state.ToString().ToLowerInvariant()));

    public static int StateValue(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        CircuitState.Open => 2,
        _ => 3,
    };

    private static KeyValuePair<string, object?> Tag(string dependency) => new("dependency", dependency);
}
