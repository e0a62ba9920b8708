using System.Globalization;

namespace Stadium.Lab.Ledger;

/// <summary>
/// How long a 404 is given before an acknowledged write counts as lost: the entries not found are read again in rounds,
/// each after the next of <see cref="Delays"/>, all of them at once. A store that is catching up (a replica behind after a
/// fault, a node whose cache is warming) answers within that; a lost write answers 404 every time. The whole check waits
/// at most <see cref="Total"/> longer for it, however many entries were not found.
/// </summary>
public sealed record NotFoundRereads(IReadOnlyList<TimeSpan> Delays)
{
    /// <summary>Four rereads, 0.25, 0.5, 1 and 2 s apart: 3.75 s in all.</summary>
    public static readonly NotFoundRereads Default = new([TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)]);

    public TimeSpan Total => Delays.Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay);

    /// <summary>"read again 4 times over 3.75 s".</summary>
    public string Describe() => Delays.Count == 0
        ? "not read again"
        : string.Create(CultureInfo.InvariantCulture, $"read again {Delays.Count} times over {Total.TotalSeconds:0.##} s");
}
