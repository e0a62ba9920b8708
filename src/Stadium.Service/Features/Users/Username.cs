using System.Text.RegularExpressions;

namespace Stadium.Service.Features.Users;

/// <summary>
/// A valid username in its canonical form: 3 to 32 of a-z, 0-9 and _, unique case-insensitively and kept
/// lower-case. Registration, login and every profile lookup parse names through this one rule.
/// </summary>
public readonly partial record struct Username
{
    public const string Rule = "Must be 3 to 32 characters of a-z, 0-9 and _.";

    private Username(string value) => Value = value;

    /// <summary>The canonical (lower-case) name, as stored.</summary>
    public string Value { get; }

    public static bool IsValid(string? text) => text is not null && Pattern().IsMatch(text);

    public static bool TryParse(string? text, out Username username)
    {
        username = IsValid(text) ? new Username(text!.ToLowerInvariant()) : default;
        return username.Value is not null;
    }

    public override string ToString() => Value;

    // \z, not $: "$" also matches before a final newline, which would let "name\n" through, into the store,
    // and then into the Location header, which Kestrel refuses with a 500.
    [GeneratedRegex(@"^[a-zA-Z0-9_]{3,32}\z")]
    private static partial Regex Pattern();
}
