using System.Globalization;
using System.Text.Json.Serialization;

namespace Stadium.Planning.Plan;

/// <summary>
/// A number of the plan and where it came from: <c>measured</c> (a results file and its field), <c>derived</c> (the
/// formula, with the numbers it used), <c>default</c> (a rule of thumb or setting, and how to override it) or
/// <c>given</c> (set on the command line or in an assumptions file). No number of the plan is without one.
/// </summary>
public sealed record Sourced(double Value, [property: JsonPropertyName("source")] string Kind, string How)
{
    public const string MeasuredKind = "measured";
    public const string DerivedKind = "derived";
    public const string DefaultKind = "default";
    public const string GivenKind = "given";

    public static Sourced Measured(double value, string how) => new(value, MeasuredKind, how);

    public static Sourced Derived(double value, string how) => new(value, DerivedKind, how);

    public static Sourced Default(double value, string how) => new(value, DefaultKind, how);

    public static Sourced Given(double value, string how) => new(value, GivenKind, how);

    /// <summary>The value rounded up to a whole number, keeping its source.</summary>
    [JsonIgnore]
    public int Ceiling => (int)Math.Ceiling(Value - 1e-9);

    /// <summary>How a formula quotes the number: grouped, at most <paramref name="decimals"/> decimals.</summary>
    public string Text(int decimals = 1) => Format(Value, decimals);

    public static string Format(double value, int decimals = 1) =>
        value.ToString("#,##0." + new string('#', Math.Max(decimals, 0)), CultureInfo.InvariantCulture);
}
