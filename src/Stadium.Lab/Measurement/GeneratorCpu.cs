using System.Globalization;

namespace Stadium.Lab.Measurement;

/// <summary>
/// The load generator's own CPU use (process CPU time over wall time over cores, as Locust's "CPU usage above 90%"):
/// a generator that has no CPU to spare sends late and reads answers late, so its figures understate the target.
/// Sampled once a second; saturated means at least <see cref="Limit"/> of every core.
/// </summary>
/// <param name="cpuTime">The process's CPU time so far (<see cref="Environment.CpuUsage"/>; a test passes its own reading).</param>
internal sealed class GeneratorCpu(Func<TimeSpan> cpuTime, TimeProvider time, int processors)
{
    public const double Limit = 0.9;

    /// <summary>Saturated seconds that make a warning: the first second's JIT and start-up alone must not.</summary>
    public const int WarnAfterSeconds = 3;

    private readonly TimeSpan _cpuAtStart = cpuTime();
    private readonly long _start = time.GetTimestamp();
    private TimeSpan _lastCpu = cpuTime();
    private long _last = time.GetTimestamp();

    /// <summary>Seconds sampled at or above <see cref="Limit"/>.</summary>
    public int SaturatedSeconds { get; private set; }

    public int Samples { get; private set; }

    /// <summary>Share of every core used since the start (0..1, a little above with rounding).</summary>
    public double Share => ShareOf(cpuTime() - _cpuAtStart, time.GetElapsedTime(_start));

    public static GeneratorCpu ForThisProcess(TimeProvider time) => new(() => Environment.CpuUsage.TotalTime, time, Environment.ProcessorCount);

    public void Sample()
    {
        var cpu = cpuTime();
        var now = time.GetTimestamp();
        var share = ShareOf(cpu - _lastCpu, time.GetElapsedTime(_last, now));
        _lastCpu = cpu;
        _last = now;
        Samples++;
        if (share >= Limit)
        {
            SaturatedSeconds++;
        }
    }

    /// <summary>The warning to print, or null while the generator had CPU to spare.</summary>
    public string? Warning()
    {
        var share = Share;
        if (SaturatedSeconds < WarnAfterSeconds && share < Limit)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"the load generator used {share:P0} of its {processors} CPU cores over the run (at least {Limit:P0} in {SaturatedSeconds} of {Samples} seconds): ")
            + "it sent and read late, so these results understate what the target can do. Use fewer connections or a lower rate, or run the generator on another machine.";
    }

    private double ShareOf(TimeSpan cpu, TimeSpan wall) =>
        wall <= TimeSpan.Zero || processors <= 0 ? 0 : cpu.TotalSeconds / wall.TotalSeconds / processors;
}
