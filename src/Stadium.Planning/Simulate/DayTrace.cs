namespace Stadium.Planning.Simulate;

/// <summary>
/// A built-in day (docs/planning.md, "Simulate"): the busy quarter hour's steady rates times the hour's share of the
/// evening peak, the 60-second login/feed burst at the busy minute (20:00), and the trace's own event on top:
/// <list type="bullet">
/// <item><c>diurnal</c>: nothing more;</item>
/// <item><c>launch</c>: at 18:00 a launch adds logins, feed reads and the rest of the busy minute's mix, ramping to
/// <see cref="LaunchPeak"/> x the busy minute's rates over 10 minutes, then decaying with a two-hour time constant;</item>
/// <item><c>spike</c>: at 14:00 the whole traffic at 5 x for 15 minutes, at once.</item>
/// </list>
/// </summary>
internal sealed class DayTrace : ITrafficTrace
{
    public const int Day = 86_400;
    public const double LaunchPeak = 3;
    public const int BusyMinute = 20 * 3600;
    public const int LaunchAt = 18 * 3600;
    public const int LaunchRamp = 600;
    public const double LaunchDecaySeconds = 7200;
    public const int SpikeAt = 14 * 3600;
    public const int SpikeLength = 900;
    public const double SpikeFactor = 5;

    public static readonly IReadOnlyList<string> Names = ["diurnal", "launch", "spike"];

    /// <summary>Each hour's share of the evening peak (00:00 to 23:00), read linearly between hours: a consumer app's day.</summary>
    private static readonly double[] Hourly =
        [0.55, 0.4, 0.3, 0.25, 0.25, 0.3, 0.4, 0.55, 0.7, 0.75, 0.75, 0.8, 0.85, 0.8, 0.75, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 0.95, 0.85, 0.7];

    private readonly double[] _steady;
    private readonly double[] _burst;

    public DayTrace(string name, IReadOnlyList<double> steady, IReadOnlyList<double> burst)
    {
        if (!Names.Contains(name))
        {
            throw new ArgumentException($"unknown trace '{name}' (the built-in ones: {string.Join(", ", Names)}, or a CSV file)");
        }

        Name = name;
        _steady = [.. steady];
        _burst = [.. burst];
    }

    public string Name { get; }

    public int Seconds => Day;

    /// <summary>The hour's share of the evening peak at <paramref name="second"/> of the day.</summary>
    public static double Diurnal(int second)
    {
        var hours = (second % Day) / 3600.0;
        var hour = (int)hours;
        var next = Hourly[(hour + 1) % Hourly.Length];
        return Hourly[hour] + ((next - Hourly[hour]) * (hours - hour));
    }

    /// <summary>The launch's extra, as a multiple of the busy minute's rates (0 before 18:00).</summary>
    public static double Launch(int second) => second < LaunchAt
        ? 0
        : second < LaunchAt + LaunchRamp
            ? LaunchPeak * (second - LaunchAt) / LaunchRamp
            : LaunchPeak * Math.Exp(-(second - LaunchAt - LaunchRamp) / LaunchDecaySeconds);

    public void Rates(int second, Span<double> rates)
    {
        var day = Diurnal(second);
        var busy = second is >= BusyMinute and < BusyMinute + 60 ? 1 : 0;
        var launch = Name == "launch" ? Launch(second) : 0;
        var spike = Name == "spike" && second is >= SpikeAt and < SpikeAt + SpikeLength ? SpikeFactor : 1;
        for (var i = 0; i < rates.Length; i++)
        {
            rates[i] = (spike * ((_steady[i] * day) + (_burst[i] * busy))) + (launch * (_steady[i] + _burst[i]));
        }
    }
}
