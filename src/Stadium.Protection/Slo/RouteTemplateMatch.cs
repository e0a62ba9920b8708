namespace Stadium.Protection.Slo;

/// <summary>
/// Whether a request path fits a route template, segment by segment: a {parameter} takes any one non-empty segment.
/// A template is split once (<see cref="Slots"/>); matching a path walks it in place and allocates nothing, since the
/// gateway matches every request it forwards.
/// </summary>
internal static class RouteTemplateMatch
{
    /// <summary>A template's segments; null stands for a {parameter}.</summary>
    public static string?[] Slots(string template) =>
        [.. template.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.StartsWith('{') && s.EndsWith('}') ? null : s)];

    /// <summary>How many literal segments matched, or -1 when the path does not fit the template. The query is ignored.</summary>
    public static int Literals(string template, string path) => Literals(Slots(template), path);

    /// <inheritdoc cref="Literals(string, string)"/>
    public static int Literals(string?[] slots, ReadOnlySpan<char> path)
    {
        var query = path.IndexOfAny('?', '#');
        var rest = query >= 0 ? path[..query] : path;
        var literals = 0;
        var slot = 0;
        while (!rest.IsEmpty)
        {
            var slash = rest.IndexOf('/');
            var part = slash >= 0 ? rest[..slash] : rest;
            rest = slash >= 0 ? rest[(slash + 1)..] : [];
            if (part.IsEmpty)
            {
                continue;
            }

            if (slot == slots.Length)
            {
                return -1;
            }

            if (slots[slot++] is { } literal)
            {
                if (!part.Equals(literal, StringComparison.OrdinalIgnoreCase))
                {
                    return -1;
                }

                literals++;
            }
        }

        return slot == slots.Length ? literals : -1;
    }
}
