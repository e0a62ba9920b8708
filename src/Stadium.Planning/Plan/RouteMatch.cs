namespace Stadium.Planning.Plan;

/// <summary>
/// Whether a results file's route (a template, or a concrete path as `stadium load url` records it) is the endpoint of
/// a route template: segment by segment, a <c>{parameter}</c> segment matching any one segment; the query is ignored.
/// </summary>
internal static class RouteMatch
{
    public static bool Matches(string template, string route)
    {
        var path = route.Split('?', 2)[0];
        var want = template.Trim('/').Split('/');
        var have = path.Trim('/').Split('/');
        if (want.Length != have.Length)
        {
            return false;
        }

        for (var i = 0; i < want.Length; i++)
        {
            var parameter = want[i].StartsWith('{') && want[i].EndsWith('}');
            if (!parameter && !want[i].Equals(have[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
