using System.Globalization;

namespace Stadium.Planning.Plan;

/// <summary>The units the deploy files take: Kubernetes CPU and memory quantities, Redis memory sizes.</summary>
internal static class Quantities
{
    public const double Mb = 1024 * 1024;

    /// <summary>"500m" for half a core, "1000m" for one.</summary>
    public static string Cpu(double cores) => string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(cores * 1000 - 1e-6):0}m");

    /// <summary>"512Mi".</summary>
    public static string Mebibytes(double mb) => string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(mb - 1e-9):0}Mi");

    /// <summary>Redis' maxmemory: "512mb", or "2gb" from a gigabyte up.</summary>
    public static string RedisMemory(double mb) => mb >= 1024 && mb % 1024 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{mb / 1024:0}gb")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(mb):0}mb");
}
