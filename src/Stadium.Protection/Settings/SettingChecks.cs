using System.Globalization;

namespace Stadium.Protection.Settings;

/// <summary>
/// Range checks over one options class, each failure naming the configuration key a reader would change
/// (e.g. "Stadium:Auth:LoginConcurrency must be at least 1 (got 0)"), so a bad setting stops the node at
/// start with an answer instead of misbehaving later.
/// </summary>
public sealed class SettingChecks(string section)
{
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public SettingChecks AtLeast(string key, long value, long minimum) =>
        Check(value >= minimum, key, $"must be at least {minimum} (got {value})");

    public SettingChecks AtMost(string key, long value, long maximum) =>
        Check(value <= maximum, key, $"must be at most {maximum} (got {value})");

    public SettingChecks Between(string key, double value, double minimum, double maximum) =>
        Check(value >= minimum && value <= maximum, key, $"must be from {minimum} to {maximum} (got {value})");

    public SettingChecks Positive(string key, TimeSpan value) =>
        Check(value > TimeSpan.Zero, key, $"must be longer than zero (got {value})");

    public SettingChecks NotNegative(string key, TimeSpan value) =>
        Check(value >= TimeSpan.Zero, key, $"must not be negative (got {value})");

    public SettingChecks NotEmpty(string key, string? value) =>
        Check(!string.IsNullOrWhiteSpace(value), key, "must not be empty");

    public SettingChecks That(bool holds, string key, string requirement) => Check(holds, key, requirement);

    private SettingChecks Check(bool holds, string key, string requirement)
    {
        if (!holds)
        {
            _failures.Add(string.Create(CultureInfo.InvariantCulture, $"{section}:{key} {requirement}"));
        }

        return this;
    }
}
