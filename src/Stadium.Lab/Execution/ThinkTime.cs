namespace Stadium.Lab.Execution;

/// <summary>A closed-model user's pause between iterations, uniform in [Min, Max].</summary>
internal sealed record ThinkTime(TimeSpan Min, TimeSpan Max)
{
    public static readonly ThinkTime None = new(TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan Next(Random random) =>
        Max <= Min ? Min : Min + ((Max - Min) * random.NextDouble());
}
