using System.Globalization;

namespace Stadium.Lab.Reports;

/// <summary>
/// A run in which no request succeeded measured nothing about the target (a refused connection answers in
/// microseconds, so its "latency" looks excellent): it fails, with what every request met.
/// </summary>
internal static class NothingSucceeded
{
    /// <returns>The failure, e.g. "no request succeeded: connection refused (41,472 of 41,472) at http://127.0.0.1:19099/"; null when one did.</returns>
    public static string? Describe(LoadResults r)
    {
        if (r.Requests - r.Errors - r.Shed > 0)
        {
            return null;
        }

        if (r.Requests == 0)
        {
            return $"no request was sent to {r.Target}"
                + (r.FailedIterations > 0 ? $" (every iteration failed in the generator: {r.FirstIterationFailure})" : "");
        }

        var causes = r.Overall.ErrorKinds
            .Select(k => (Text: Cause(k.Key), Count: k.Value))
            .Concat(r.Overall.StatusCodes.Where(s => s.Value > 0).Select(s => (Text: $"HTTP {s.Key}", Count: s.Value)))
            .OrderByDescending(c => c.Count)
            .Take(3)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Text} ({c.Count:N0} of {r.Requests:N0})"));
        return $"no request succeeded: {string.Join(", ", causes)} at {r.Target}";
    }

    private static string Cause(string errorKind) => errorKind switch
    {
        "refused" => "connection refused",
        "reset" => "connection reset",
        "timeout" => "timed out",
        "protocol" => "not an HTTP answer",
        _ => "failed to connect or send",
    };
}
