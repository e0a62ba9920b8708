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
            var max = request.MaxNodes ?? (policy.BuiltIn ? setup.MaxNodes : policy.Target.MaxReplicas);
            // As in the setup, a bound given on the command line wins: a file's minReplicas above --max-nodes comes down to it.
            var min = request.MinNodes ?? Math.Min(policy.BuiltIn ? setup.MinNodes : policy.Target.MinReplicas, max);
            var bounded = policy.BuiltIn || request.MinNodes is not null || request.MaxNodes is not null ? policy.WithBounds(min, max) : policy;
            outcomes.Add(await PolicyRun.RunAsync(setup, bounded, ct));
        }

        return new SimulationResults(setup, outcomes);
    }
}
