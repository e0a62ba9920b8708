namespace Stadium.Protection.Shedding;

/// <summary>
/// What a refusal costs the CPU against a served answer, measured, so the CPU side of shedding
/// (<see cref="PriorityThreshold"/>) only sheds where refusing relieves the CPU. On a node whose answers are cheap (a
/// cached feed page), Kestrel's own work per request (reading it, writing any answer) is most of the cost, and a 503
/// costs what a 200 does (bench/overload.sh measured 1.1 x under a quarter-core quota): shedding there frees no CPU,
/// loses the answers it refuses, and its queue keeps growing. On a node whose answers are dear it frees nearly all.
/// The process's CPU time per window is split between the two kinds of answer: windows with almost no refusals give
/// the cost of an answer (background work included, which only makes refusals look cheaper); windows with many give
/// the cost of a refusal as the rest. Both are smoothed over windows; the refusal cost is forgotten after
/// <see cref="Memory"/> without a fresh measurement, so a node whose work changed (dearer answers) tries again.
/// Called from one thread only (the lag probe).
/// </summary>
internal sealed class RefusalCost(double maxRatio, Func<TimeSpan> cpuTime)
{
    /// <summary>How long a measured refusal cost stands without being measured again.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(5);

    /// <summary>Answers in a window below which its CPU time is mostly not theirs (a quiet node's background work).</summary>
    private const int MinAnswers = 20;

    private const double Smoothing = 0.2;

    private TimeSpan _lastCpu = cpuTime();
    private double _served = double.NaN; // CPU seconds per served answer
    private double _refused = double.NaN; // CPU seconds per refusal
    private TimeSpan _refusedAge;

    /// <summary>The CPU time of the running process (getrusage: user and system time of all its threads).</summary>
    public static TimeSpan ProcessCpuTime() => Environment.CpuUsage.TotalTime;

    /// <summary>A refusal's CPU cost over a served answer's, or NaN while either is unmeasured.</summary>
    public double Ratio => _refused / _served;

    /// <summary>
    /// Whether refusing relieves the CPU: a refusal costs at most the allowed share of an answer, or its cost is not
    /// known yet (the first refusals measure it).
    /// </summary>
    public bool Relieves => double.IsNaN(Ratio) || Ratio <= maxRatio;

    /// <summary>One window: the answers served and refused in it, and its length.</summary>
    public void OnWindow(int served, int refused, TimeSpan window)
    {
        var now = cpuTime();
        var cpu = (now - _lastCpu).TotalSeconds;
        _lastCpu = now;
        _refusedAge += window;
        if (_refusedAge > Memory)
        {
            _refused = double.NaN;
        }

        var answers = served + refused;
        if (answers < MinAnswers || cpu <= 0)
        {
            return;
        }

        if (refused <= answers / 50 && served > 0)
        {
            _served = Smooth(_served, (cpu - (Known(_refused) * refused)) / served);
        }
        else if (refused >= answers / 10 && !double.IsNaN(_served))
        {
            _refused = Smooth(_refused, Math.Max(0, cpu - (_served * served)) / refused);
            _refusedAge = TimeSpan.Zero;
        }
    }

    private static double Known(double value) => double.IsNaN(value) ? 0 : value;

    private static double Smooth(double average, double sample) =>
        double.IsNaN(average) ? sample : ((1 - Smoothing) * average) + (Smoothing * sample);
}
