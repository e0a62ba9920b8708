using Stadium.Lab.Journeys;
using Stadium.Lab.Journeys.Actions;
using Stadium.Lab.Scenarios;

namespace Stadium.Planning.Plan;

/// <summary>
/// The journey mix the steady traffic is split by: a scenario's <c>journey:</c> weights, or the lab's default mix
/// (the one scenarios/stadium-mix.yaml repeats), with the name of where it came from.
/// </summary>
public sealed record JourneyWeights(IReadOnlyDictionary<string, double> Weights, string Source)
{
    public static JourneyWeights Default { get; } = new(
        JourneyMix.Default.Weights.ToDictionary(w => w.Key.Name, w => w.Value, StringComparer.Ordinal),
        "the load lab's default journey mix (scenarios/stadium-mix.yaml's journey:)");

    /// <exception cref="FormatException">A scenario without a journey mix, or one naming an unknown action.</exception>
    public static async Task<JourneyWeights> FromScenarioAsync(string path, CancellationToken ct)
    {
        var scenario = await ScenarioLoader.LoadAsync(path, ct).ConfigureAwait(false);
        if (scenario.Journey is not { Count: > 0 } journey || journey.Values.Sum() <= 0)
        {
            throw new FormatException($"{path}: the scenario has no journey: mix to split the traffic by");
        }

        return new JourneyWeights(
            journey.ToDictionary(w => JourneyActions.Registry.Get(w.Key).Name, w => w.Value, StringComparer.Ordinal),
            $"{path}: journey:");
    }
}
