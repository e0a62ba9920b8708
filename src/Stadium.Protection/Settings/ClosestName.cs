namespace Stadium.Protection.Settings;

/// <summary>The known name a misspelt one most likely meant, for "did you mean ...?" in error messages.</summary>
public static class ClosestName
{
    /// <summary>
    /// The known name within a few edits of <paramref name="name"/> (ignoring case), or null when none is that close: a
    /// third of the name's length, at least 1 and at most 3 (phasez -> phases, thinktime -> thinkTime, rat -> rate).
    /// </summary>
    public static string? To(string name, IEnumerable<string> known)
    {
        var most = Math.Clamp(name.Length / 3, 1, 3);
        return known
            .Select(k => (Name: k, Distance: Distance(name.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance <= most)
            .OrderBy(k => k.Distance)
            .Select(k => k.Name)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
