namespace Stadium.Planning.Simulate;

/// <summary>
/// `stadium simulate` (docs/planning.md, "Simulate"): builds the setup once, then runs every policy through the same
/// trace with the same seed, one after another.
/// </summary>
internal static class Simulator
{
    /// <exception cref="FormatException">A bad trace or policy file (one line naming the file).</exception>
    public static async Task<SimulationResults> RunAsync(SimulationRequest request, IReadOnlyList<string> policies, CancellationToken ct)
    {
        var loaded = policies.Select(SimulatedPolicy.Load).ToList();
        var setup = SimulationBuilder.Build(request);
        var outcomes = new List<PolicyOutcome>();
        foreach (var policy in loaded)
        {
            var bounded = policy.BuiltIn || request.MinNodes is not null || request.MaxNodes is not null
                ? policy.WithBounds(request.MinNodes ?? (policy.BuiltIn ? setup.MinNodes : policy.Target.MinReplicas),
                    request.MaxNodes ?? (policy.BuiltIn ? setup.MaxNodes : policy.Target.MaxReplicas))
                : policy;
            outcomes.Add(await PolicyRun.RunAsync(setup, bounded, ct));
        }

        return new SimulationResults(setup, outcomes);
    }
}
