using System.Globalization;

namespace Stadium.Lab.Scenarios;

/// <summary>
/// The numbers a run is built from, checked where they are read (command line or scenario file): a negative rate,
/// zero users, zero connections or an absurd size becomes a message that names the setting, and exit code 2 before
/// any traffic. Unchecked, they would surface as an exception from deep inside the schedulers (naming a parameter the
/// user never wrote), or as a run that sent nothing and "passed".
/// </summary>
internal static class InputCheck
{
    /// <summary>Arrivals per second one generator process is allowed to plan; far above what it can send.</summary>
    public const double MostArrivalsPerSecond = 10_000_000;

    /// <summary>Virtual users, connections or accounts: each costs memory up front, so a typo must not allocate millions.</summary>
    public const int MostAtOnce = 100_000;

    /// <summary>A rate that must send something: finite, above zero, at most <see cref="MostArrivalsPerSecond"/>.</summary>
    public static double PositiveRate(double rate, string setting) =>
        double.IsFinite(rate) && rate is > 0 and <= MostArrivalsPerSecond
            ? rate
            : throw new FormatException($"{setting} must be above 0 and at most {MostArrivalsPerSecond:N0} requests/s (it is {Show(rate)}).");

    /// <summary>A rate a ramp may start from or go down to: zero allowed.</summary>
    public static double RateOrZero(double rate, string setting) =>
        double.IsFinite(rate) && rate is >= 0 and <= MostArrivalsPerSecond
            ? rate
            : throw new FormatException($"{setting} must be between 0 and {MostArrivalsPerSecond:N0} requests/s (it is {Show(rate)}).");

    /// <summary>Users, connections, accounts: at least one, at most <see cref="MostAtOnce"/>.</summary>
    public static int AtLeastOne(int count, string setting) =>
        count is >= 1 and <= MostAtOnce ? count : throw new FormatException($"{setting} must be at least 1 and at most {MostAtOnce:N0} (it is {count}).");

    /// <summary>A user count a ramp may start from or go down to: zero allowed.</summary>
    public static int ZeroOrMore(int count, string setting) =>
        count is >= 0 and <= MostAtOnce ? count : throw new FormatException($"{setting} must be between 0 and {MostAtOnce:N0} (it is {count}).");

    /// <summary>A user target of a ramping-users stage (a number in the file, may be fractional).</summary>
    public static double UsersOrZero(double users, string setting) =>
        double.IsFinite(users) && users is >= 0 and <= MostAtOnce
            ? users
            : throw new FormatException($"{setting} must be between 0 and {MostAtOnce:N0} users (it is {Show(users)}).");

    /// <summary>A span that must not be zero: a run, a phase or a timeout that lasts no time sends nothing.</summary>
    public static TimeSpan LongerThanZero(TimeSpan span, string setting) =>
        span > TimeSpan.Zero ? span : throw new FormatException($"{setting} must be longer than zero.");

    /// <summary>A ratio of the MAU profile: finite and not negative.</summary>
    public static double Ratio(double value, string setting) =>
        double.IsFinite(value) && value >= 0 ? value : throw new FormatException($"{setting} must be a number of at least 0 (it is {Show(value)}).");

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
