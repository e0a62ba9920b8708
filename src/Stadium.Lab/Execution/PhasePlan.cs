using Stadium.Lab.Executors;
using Stadium.Lab.Scheduling;

namespace Stadium.Lab.Execution;

/// <summary>
/// One phase of a run: an executor and its schedule. Open phases have <see cref="Arrivals"/>, closed
/// phases <see cref="Users"/>; phases run one after another.
/// </summary>
/// <param name="MaxInFlight">Open model: iterations allowed in flight; an arrival beyond it is dropped and counted.</param>
/// <param name="GracefulStop">How long in-flight iterations may finish after the phase ends before they are cancelled.</param>
internal sealed record PhasePlan(
    string Name,
    ILoadExecutor Executor,
    ArrivalSchedule? Arrivals,
    UserSchedule? Users,
    int MaxInFlight,
    ThinkTime Think,
    TimeSpan GracefulStop)
{
    public bool IsOpen => Executor.IsOpen;

    public TimeSpan Duration => Arrivals?.Duration ?? Users?.Duration ?? TimeSpan.Zero;

    public static PhasePlan ConstantRate(string name, double rate, TimeSpan duration, int maxInFlight, TimeSpan gracefulStop) =>
        new(name, LoadExecutors.ConstantArrivalRate, ArrivalSchedule.Constant(rate, duration), null, maxInFlight, ThinkTime.None, gracefulStop);

    public static PhasePlan ConstantUsers(string name, int users, TimeSpan duration, ThinkTime think, TimeSpan gracefulStop) =>
        new(name, LoadExecutors.ConstantUsers, null, UserSchedule.Constant(users, duration), 0, think, gracefulStop);

    public string Describe() => IsOpen
        ? $"{Name}: {Executor.Name}, {Arrivals!.ArrivalCount:N0} arrivals over {Duration.TotalSeconds:0.#} s (max {MaxInFlight:N0} in flight)"
        : $"{Name}: {Executor.Name}, up to {Users!.MaxUsers:N0} users over {Duration.TotalSeconds:0.#} s, think {Think.Min.TotalMilliseconds:0}-{Think.Max.TotalMilliseconds:0} ms";
}
