using System.Globalization;

namespace Stadium.Planning.Simulate;

/// <summary>
/// `--regions FILE`: a CSV with the header <c>region,user_share,rtt_ms</c> and one row per region (the primary's region
/// has rtt_ms 0); shares must add up to 1 (within 1 %). <c>--regions example</c> is three regions: Europe with the
/// primary, the US east coast at 80 ms and Singapore at 170 ms.
/// </summary>
internal static class RegionsFile
{
    public const string Example = "example";

    public static IReadOnlyList<Region> ExampleRegions { get; } =
        [new("eu-west (primary)", 0.45, 0), new("us-east", 0.35, 80), new("ap-southeast", 0.20, 170)];

    /// <exception cref="FormatException">A missing file, a wrong header or row, or shares that do not add up to 1.</exception>
    public static IReadOnlyList<Region> Load(string path)
    {
        if (path == Example)
        {
            return ExampleRegions;
        }

        if (!File.Exists(path))
        {
            throw new FormatException($"{path}: no such regions file (a CSV 'region,user_share,rtt_ms', or 'example')");
        }

        return Parse(File.ReadAllLines(path), path);
    }

    public static IReadOnlyList<Region> Parse(IReadOnlyList<string> lines, string name)
    {
        var regions = new List<Region>();
        var header = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (!header)
            {
                if (!string.Equals(string.Join(',', fields), "region,user_share,rtt_ms", StringComparison.OrdinalIgnoreCase))
                {
                    throw new FormatException($"{name}:{i + 1}: the header must be 'region,user_share,rtt_ms' (got '{line}')");
                }

                header = true;
                continue;
            }

            if (fields.Length != 3 || fields[0].Length == 0 || !Number(fields[1], out var share) || !Number(fields[2], out var rtt) || share is < 0 or > 1 || rtt < 0)
            {
                throw new FormatException($"{name}:{i + 1}: a row is a name, a share from 0 to 1 and a round-trip time in ms of at least 0 (got '{line}')");
            }

            regions.Add(new Region(fields[0], share, rtt));
        }

        if (regions.Count == 0 || Math.Abs(regions.Sum(r => r.UserShare) - 1) > 0.01)
        {
            throw new FormatException($"{name}: the regions' user shares must add up to 1 (got {regions.Sum(r => r.UserShare).ToString("0.###", CultureInfo.InvariantCulture)} over {regions.Count} rows)");
        }

        return regions;
    }

    private static bool Number(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
