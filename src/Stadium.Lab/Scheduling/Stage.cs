namespace Stadium.Lab.Scheduling;

/// <summary>One stage of a schedule: over <paramref name="Duration"/> the level moves linearly to <paramref name="Target"/>.</summary>
/// <param name="Target">Requests (iterations) per second for arrival-rate executors, virtual users for user executors.</param>
internal readonly record struct Stage(TimeSpan Duration, double Target);
