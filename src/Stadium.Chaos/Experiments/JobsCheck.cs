using System.Text.RegularExpressions;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// Counts what the cluster's jobs left in its shared data folder (<c>DATA/shared</c>, where every node and worker runs):
/// export files (<c>exports/export-{id}.pdf</c>, one per request, so two for one id would be a duplicate) and the
/// file-drop provider's emails (<c>outbox/*.eml</c>), grouped by recipient and subject: one announcement reaches a
/// recipient once, so a second email with the same recipient and subject is a duplicate delivery.
/// </summary>
internal static partial class JobsCheck
{
    public static JobsVerdict? Read(string dataDir)
    {
        var shared = Path.Combine(dataDir, "shared");
        if (!Directory.Exists(shared))
        {
            return null;
        }

        var exportsFolder = Path.Combine(shared, "exports");
        var exports = Directory.Exists(exportsFolder) ? Directory.GetFiles(exportsFolder, "export-*.pdf") : [];
        var exportIds = exports.Select(f => ExportId().Match(Path.GetFileName(f))).Where(m => m.Success).GroupBy(m => m.Groups["id"].Value);
        var outbox = Path.Combine(shared, "outbox");
        var emails = Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.eml") : [];
        var deliveries = emails.Select(Envelope).GroupBy(e => e, StringComparer.Ordinal);
        return new JobsVerdict(exports.Length, exportIds.Count(g => g.Count() > 1), emails.Length, deliveries.Sum(g => g.Count() - 1));
    }

    /// <summary>"recipient|subject" from the message's headers (they end at the first empty line).</summary>
    private static string Envelope(string path)
    {
        string to = "", subject = "";
        foreach (var line in File.ReadLines(path).TakeWhile(l => l.Length > 0))
        {
            if (line.StartsWith("To:", StringComparison.OrdinalIgnoreCase))
            {
                to = line[3..].Trim();
            }
            else if (line.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))
            {
                subject = line[8..].Trim();
            }
        }

        return $"{to}|{subject}";
    }

    [GeneratedRegex(@"^export-(?<id>\d+)\.pdf$")]
    private static partial Regex ExportId();
}
