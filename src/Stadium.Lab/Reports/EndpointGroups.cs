namespace Stadium.Lab.Reports;

/// <summary>
/// Which latency panel an endpoint is drawn in. Endpoints of one kind share a panel, so a slow login (hundreds of
/// milliseconds of password hashing) never flattens the feed's p99 on the same axis: auth, reads and writes for the
/// Stadium journeys, and a panel per request name for anything else (request lists, `load url`).
/// </summary>
internal static class EndpointGroups
{
    private static readonly (string Group, string[] Endpoints)[] Known =
    [
        ("auth", ["login", "refresh"]),
        ("reads", ["feed", "profile", "userPosts"]),
        ("writes", ["createPost", "follow", "unfollow", "export"]),
    ];

    /// <summary>The group of <paramref name="endpoint"/>: a known Stadium group, else the endpoint's own name.</summary>
    public static string Of(string endpoint)
    {
        foreach (var (group, endpoints) in Known)
        {
            if (endpoints.Contains(endpoint, StringComparer.Ordinal))
            {
                return group;
            }
        }

        return endpoint;
    }

    /// <summary>The endpoints grouped, known groups first (auth, reads, writes), then the others by name.</summary>
    public static IReadOnlyList<(string Group, IReadOnlyList<string> Endpoints)> Arrange(IEnumerable<string> endpoints)
    {
        var byGroup = endpoints.GroupBy(Of, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var known = Known.Select(k => k.Group).Where(byGroup.ContainsKey);
        var others = byGroup.Keys.Except(Known.Select(k => k.Group), StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. known.Concat(others).Select(group => (group, (IReadOnlyList<string>)byGroup[group]))];
    }
}
