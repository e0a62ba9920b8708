namespace Stadium.Lab.Scenarios;

/// <summary>
/// Marks a number key (or, on a mapping, each of its numbers) with the least value it takes, so a value below it, or an
/// infinity, is reported with its key and line ("'readFeed' at line 3 must be a number above 0 (it is '-1')").
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MinimumAttribute(double least) : Attribute
{
    public double Least { get; } = least;

    /// <summary>The least value itself is refused too: a weight of 0 would pick nothing.</summary>
    public bool Excluded { get; init; }

    public bool Allows(double value) => Excluded ? value > Least : value >= Least;

    /// <summary>How a message says the range: "above 0", "of at least 0".</summary>
    public string Describe() => (Excluded ? "above " : "of at least ") + Least.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
