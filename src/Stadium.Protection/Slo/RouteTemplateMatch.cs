namespace Stadium.Protection.Slo;

/// <summary>Whether a request path fits a route template, segment by segment: a {parameter} takes any one non-empty segment.</summary>
internal static class RouteTemplateMatch
{
    /// <summary>How many literal segments matched, or -1 when the path does not fit the template. The query is ignored.</summary>
    public static int Literals(string template, string path)
    {
        var query = path.IndexOfAny(['?', '#']);
        var parts = (query >= 0 ? path[..query] : path).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var slots = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != slots.Length)
        {
            return -1;
        }

        var literals = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].StartsWith('{') && slots[i].EndsWith('}'))
            {
                continue;
            }

            if (!slots[i].Equals(parts[i], StringComparison.OrdinalIgnoreCase))
            {
                return -1;
            }

            literals++;
        }

        return literals;
    }
}
