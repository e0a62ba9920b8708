namespace Stadium.Lab.Scheduling;

/// <summary>
/// The closed model's timetable: how many virtual users should be active at a given moment. The count
/// moves linearly through the stages (k6's ramping-vus); constant users is one flat stage.
/// </summary>
internal sealed class UserSchedule
{
    private readonly double _startUsers;
    private readonly IReadOnlyList<Stage> _stages;

    public UserSchedule(double startUsers, IReadOnlyList<Stage> stages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startUsers);
        if (stages.Count == 0)
        {
            throw new ArgumentException("A schedule needs at least one stage.", nameof(stages));
        }

        _startUsers = startUsers;
        _stages = stages;
        Duration = TimeSpan.FromTicks(stages.Sum(s => s.Duration.Ticks));
        MaxUsers = (int)Math.Ceiling(Math.Max(startUsers, stages.Max(s => s.Target)));
    }

    public static UserSchedule Constant(int users, TimeSpan duration) => new(users, [new Stage(duration, users)]);

    public TimeSpan Duration { get; }

    public int MaxUsers { get; }

    /// <summary>The users the first stage starts from.</summary>
    public double StartUsers => _startUsers;

    /// <summary>The stages as planned (constant users is one flat stage).</summary>
    public IReadOnlyList<Stage> Stages => _stages;

    /// <summary>Users that should be running at <paramref name="elapsed"/> (rounded to the nearest user).</summary>
    public int UsersAt(TimeSpan elapsed)
    {
        var from = _startUsers;
        var stageStart = TimeSpan.Zero;
        foreach (var stage in _stages)
        {
            var stageEnd = stageStart + stage.Duration;
            if (elapsed < stageEnd)
            {
                var fraction = stage.Duration <= TimeSpan.Zero ? 1 : (elapsed - stageStart) / stage.Duration;
                return (int)Math.Round(from + ((stage.Target - from) * Math.Max(0, fraction)));
            }

            from = stage.Target;
            stageStart = stageEnd;
        }

        return 0;
    }
}
