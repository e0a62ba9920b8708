namespace Stadium.Lab.Thresholds;

/// <summary>
/// Checks, before any traffic is sent, that every threshold names a scope the run can measure: "all" or one
/// of the endpoints the scenario or URL defines. A typo would otherwise only show after the run, as a gate
/// that failed for want of requests.
/// </summary>
internal static class ThresholdScopes
{
    /// <exception cref="FormatException">A threshold names an endpoint this run does not have.</exception>
    public static void Check(IEnumerable<Threshold> thresholds, IReadOnlyCollection<string> endpoints)
    {
        foreach (var threshold in thresholds)
        {
            var scope = threshold.Scope;
            if (scope.Equals(Threshold.AllScope, StringComparison.OrdinalIgnoreCase) || scope == "*" || endpoints.Contains(scope, StringComparer.Ordinal))
            {
                continue;
            }

            var near = endpoints.FirstOrDefault(e => e.Equals(scope, StringComparison.OrdinalIgnoreCase));
            throw new FormatException(
                $"Threshold '{threshold.Expression}': this run has no endpoint '{scope}'"
                + (near is null ? "" : $" (did you mean '{near}'? names are case-sensitive)")
                + $". Scopes here: all, {string.Join(", ", endpoints.Order(StringComparer.Ordinal))}.");
        }
    }
}
