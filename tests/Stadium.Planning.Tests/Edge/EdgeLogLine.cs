using System.Globalization;
using System.Text.RegularExpressions;

namespace Stadium.Planning.Tests.Edge;

/// <summary>One line of edge.conf's `edge` log format: what the cache did and what the origin answered.</summary>
internal sealed partial record EdgeLogLine(int Status, string CacheStatus, string Method, string Uri, string UpstreamStatus)
{
    public static EdgeLogLine Parse(string line)
    {
        var match = Format().Match(line);
        Assert.True(match.Success, $"not an edge log line: {line}");
        return new EdgeLogLine(int.Parse(match.Groups["status"].Value, CultureInfo.InvariantCulture), match.Groups["cache"].Value,
            match.Groups["method"].Value, match.Groups["uri"].Value, match.Groups["upstream"].Value);
    }

    [GeneratedRegex("""^\S+ (?<status>\d{3}) (?<cache>\S+) "(?<method>\S+) (?<uri>\S+)" \S+ "(?<upstream>[^"]*)" "[^"]*" \d+$""")]
    private static partial Regex Format();
}
