using System.Globalization;

namespace Stadium.Planning.Deploy;

/// <summary>Kubernetes resource quantities ("500m", "2", "512Mi", "1Gi") read as numbers, for the platforms that take plain numbers.</summary>
internal static class Quantity
{
    /// <summary>Cores: "500m" is 0.5, "2" is 2.</summary>
    public static decimal Cores(string cpu) =>
        cpu.EndsWith('m') ? Number(cpu[..^1], cpu) / 1000m : Number(cpu, cpu);

    /// <summary>Whole MiB, rounded up: "512Mi" is 512, "1Gi" is 1024, "500M" is 477.</summary>
    public static long Mebibytes(string memory)
    {
        (string Suffix, decimal Bytes)[] units = [("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("K", 1000m), ("M", 1000m * 1000), ("G", 1000m * 1000 * 1000)];
        foreach (var (suffix, bytes) in units)
        {
            if (memory.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (long)Math.Ceiling(Number(memory[..^suffix.Length], memory) * bytes / (1024m * 1024));
            }
        }

        return (long)Math.Ceiling(Number(memory, memory) / (1024m * 1024));
    }

    private static decimal Number(string text, string quantity) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"'{quantity}' is not a Kubernetes quantity (e.g. 500m, 2, 512Mi, 1Gi)");
}
