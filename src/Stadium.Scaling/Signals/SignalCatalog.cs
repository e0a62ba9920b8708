namespace Stadium.Scaling.Signals;

/// <summary>The signals a config file may name; the one place they are listed.</summary>
internal static class SignalCatalog
{
    public static readonly IReadOnlyList<ISignal> All =
        [new CpuSignal(), new MemorySignal(), new InFlightSignal(), new LatencySignal(), new ErrorRateSignal(), new QueueDepthSignal(), new QueueAgeSignal()];

    public static ISignal? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
