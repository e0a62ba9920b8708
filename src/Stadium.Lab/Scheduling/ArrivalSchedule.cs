namespace Stadium.Lab.Scheduling;

/// <summary>
/// The open model's timetable: when the n-th arrival is due, whatever the server does. The rate moves
/// linearly through the stages (k6's ramping-arrival-rate); a constant rate is one flat stage. Arrival n
/// is due when the integral of the rate reaches n, so 10/s gives 0, 100 ms, 200 ms, ... exactly.
/// </summary>
internal sealed class ArrivalSchedule
{
    private readonly double[] _stageStartRate;
    private readonly double[] _stageArrivals;
    private readonly double[] _stageStartSeconds;
    private readonly IReadOnlyList<Stage> _stages;

    public ArrivalSchedule(double startRate, IReadOnlyList<Stage> stages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startRate);
        if (stages.Count == 0)
        {
            throw new ArgumentException("A schedule needs at least one stage.", nameof(stages));
        }

        _stages = stages;
        StartRate = startRate;
        _stageStartRate = new double[stages.Count];
        _stageArrivals = new double[stages.Count];
        _stageStartSeconds = new double[stages.Count];
        var rate = startRate;
        var seconds = 0.0;
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            ArgumentOutOfRangeException.ThrowIfNegative(stage.Target);
            ArgumentOutOfRangeException.ThrowIfLessThan(stage.Duration, TimeSpan.Zero);
            _stageStartRate[i] = rate;
            _stageStartSeconds[i] = seconds;
            _stageArrivals[i] = (rate + stage.Target) / 2 * stage.Duration.TotalSeconds;
            TotalArrivals += _stageArrivals[i];
            rate = stage.Target;
            seconds += stage.Duration.TotalSeconds;
        }

        Duration = TimeSpan.FromSeconds(seconds);
        ArrivalCount = (long)Math.Ceiling(TotalArrivals);
    }

    public static ArrivalSchedule Constant(double rate, TimeSpan duration) => new(rate, [new Stage(duration, rate)]);

    public TimeSpan Duration { get; }

    /// <summary>The rate the first stage starts from.</summary>
    public double StartRate { get; }

    /// <summary>The stages as planned (a constant rate is one flat stage).</summary>
    public IReadOnlyList<Stage> Stages => _stages;

    /// <summary>The exact area under the rate curve.</summary>
    public double TotalArrivals { get; }

    /// <summary>How many arrivals the schedule holds (n = 0 .. ArrivalCount - 1).</summary>
    public long ArrivalCount { get; }

    /// <summary>Arrivals due before <paramref name="elapsed"/> from the schedule's start (all of them past its end).</summary>
    public long ArrivalsBefore(TimeSpan elapsed)
    {
        long low = 0, high = ArrivalCount;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (OffsetSeconds(mid) < elapsed.TotalSeconds)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>The rate the schedule asks for at <paramref name="elapsed"/> from its start (0 past its end).</summary>
    public double RateAt(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        for (var i = 0; i < _stages.Count; i++)
        {
            var d = _stages[i].Duration.TotalSeconds;
            if (seconds < _stageStartSeconds[i] + d)
            {
                var fraction = d <= 0 ? 1 : Math.Max(0, seconds - _stageStartSeconds[i]) / d;
                return _stageStartRate[i] + ((_stages[i].Target - _stageStartRate[i]) * fraction);
            }
        }

        return 0;
    }

    /// <summary>Seconds from the schedule's start at which arrival <paramref name="n"/> is due, or null past the end.</summary>
    public double? OffsetSeconds(long n)
    {
        if (n < 0 || n >= ArrivalCount)
        {
            return null;
        }

        double before = 0;
        for (var i = 0; i < _stages.Count; i++)
        {
            var inStage = _stageArrivals[i];
            if (n < before + inStage)
            {
                return _stageStartSeconds[i] + SecondsIntoStage(i, n - before);
            }

            before += inStage;
        }

        return null;
    }

    /// <summary>Solves a*t + (b-a)/(2d)*t^2 = m for t, in the form that stays exact when b == a.</summary>
    private double SecondsIntoStage(int i, double m)
    {
        var a = _stageStartRate[i];
        var b = _stages[i].Target;
        var d = _stages[i].Duration.TotalSeconds;
        var k = (b - a) / (2 * d);
        var discriminant = Math.Max(0, (a * a) + (4 * k * m));
        var denominator = a + Math.Sqrt(discriminant);
        return denominator <= 0 ? 0 : Math.Min(d, 2 * m / denominator);
    }
}
