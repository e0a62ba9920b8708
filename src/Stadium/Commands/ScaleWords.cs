using System.Globalization;
using Stadium.Infra.Fleet;

namespace Stadium.Commands;

/// <summary>The words of <c>stadium cluster scale</c>: <c>api=N</c> and <c>workers=M</c>, each at most once.</summary>
internal static class ScaleWords
{
    public static ScaleRequest Parse(IReadOnlyList<string> words)
    {
        int? api = null;
        int? workers = null;
        foreach (var word in words)
        {
            var parts = word.Split('=', 2);
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new UsageException($"'{word}' is not api=N or workers=M");
            }

            switch (parts[0])
            {
                case "api" when api is null:
                    api = Within(word, count, 1);
                    break;
                case "workers" when workers is null:
                    workers = Within(word, count, 0);
                    break;
                case "api" or "workers":
                    throw new UsageException($"{parts[0]} is given twice");
                default:
                    throw new UsageException($"'{word}': the roles to scale are api and workers");
            }
        }

        return new ScaleRequest(api, workers);
    }

    private static int Within(string word, int count, int minimum) =>
        count >= minimum && count <= ClusterOptions.MaxReplicas
            ? count
            : throw new UsageException($"'{word}': the count must be between {minimum} and {ClusterOptions.MaxReplicas}");
}
