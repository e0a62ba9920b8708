using System.Runtime.InteropServices;

namespace Stadium.Lab.Scheduling;

/// <summary>
/// Puts the calling thread to sleep for sub-millisecond spans where the OS allows it: nanosleep on 64-bit Linux
/// (wakes some tens of microseconds late), whole milliseconds elsewhere (.NET's own sleeps and timers round to
/// milliseconds and wake up to a millisecond or more late, which is the floor this avoids).
/// </summary>
internal static partial class PreciseSleep
{
    private static bool _nanoSleepMissing;

    /// <summary>Sleeps about <paramref name="span"/>; may return early (a signal), so callers re-read the clock.</summary>
    public static void For(TimeSpan span)
    {
        if (span <= TimeSpan.Zero)
        {
            return;
        }

        if (OperatingSystem.IsLinux() && Environment.Is64BitProcess && !_nanoSleepMissing)
        {
            var request = new TimeSpec(span.Ticks / TimeSpan.TicksPerSecond, span.Ticks % TimeSpan.TicksPerSecond * 100);
            try
            {
                _ = NanoSleep(in request, IntPtr.Zero);
                return;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _nanoSleepMissing = true;
            }
        }

        Thread.Sleep(Math.Max(1, (int)span.TotalMilliseconds));
    }

    /// <summary>struct timespec on 64-bit Linux: time_t seconds, long nanoseconds.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct TimeSpec(long Seconds, long Nanoseconds);

    [LibraryImport("libc", EntryPoint = "nanosleep", SetLastError = true)]
    private static partial int NanoSleep(in TimeSpec request, IntPtr remaining);
}
