using Stadium.Lab.Naming;

namespace Stadium.Lab.Executors;

/// <summary>Every executor a scenario can name: the one place they are registered.</summary>
internal static class LoadExecutors
{
    /// <summary>The executor of `stadium load url --rate` and of the MAU profile's phases.</summary>
    public static readonly ILoadExecutor ConstantArrivalRate = new ConstantArrivalRateExecutor();

    /// <summary>The executor of `stadium load url` without --rate, and of a scenario without phases.</summary>
    public static readonly ILoadExecutor ConstantUsers = new ConstantUsersExecutor();

    public static readonly NamedRegistry<ILoadExecutor> Registry = new(
        "executor", [ConstantArrivalRate, new RampingArrivalRateExecutor(), ConstantUsers, new RampingUsersExecutor()]);
}
