using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stadium.Protection.Shedding;

/// <summary>
/// The CPU time the calling thread has used (Linux: clock_gettime(CLOCK_THREAD_CPUTIME_ID)); elsewhere, wall time,
/// which over-counts a thread that waits for a core and so errs on the side of hashing less.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    public static TimeSpan Current()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (ClockGetTime(ClockThreadCpuTimeId, out var spec) == 0)
                {
                    return TimeSpan.FromTicks((spec.Seconds * TimeSpan.TicksPerSecond) + (spec.Nanoseconds / 100));
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }

        return Stopwatch.GetElapsedTime(0);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec spec);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
