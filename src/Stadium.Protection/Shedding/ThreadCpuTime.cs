using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stadium.Protection.Shedding;

/// <summary>
/// The CPU time the calling thread has used (Linux: clock_gettime(CLOCK_THREAD_CPUTIME_ID)); elsewhere, wall time,
/// which over-counts a thread that waits for a core and so errs on the side of hashing less. On Linux also another
/// thread's, through the clock <see cref="CurrentThreadClock"/> names (pthread_getcpuclockid): what it has used so
/// far, in the middle of a long computation included.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    public static TimeSpan Current() => Read(ClockThreadCpuTimeId) ?? Stopwatch.GetElapsedTime(0);

    /// <summary>The calling thread's CPU clock, which any thread may read with <see cref="Read"/>; null where there is none.</summary>
    public static int? CurrentThreadClock()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return PthreadGetCpuClockId(PthreadSelf(), out var clock) == 0 ? clock : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The CPU time on <paramref name="clock"/>; null where it cannot be read.</summary>
    public static TimeSpan? Read(int clock)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return ClockGetTime(clock, out var spec) == 0 ? TimeSpan.FromTicks((spec.Seconds * TimeSpan.TicksPerSecond) + (spec.Nanoseconds / 100)) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec spec);

    [LibraryImport("libc", EntryPoint = "pthread_self")]
    private static partial nuint PthreadSelf();

    [LibraryImport("libc", EntryPoint = "pthread_getcpuclockid")]
    private static partial int PthreadGetCpuClockId(nuint thread, out int clock);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
