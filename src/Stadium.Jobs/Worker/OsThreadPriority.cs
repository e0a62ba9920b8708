using System.Runtime.InteropServices;

namespace Stadium.Jobs.Worker;

/// <summary>
/// Lowers the calling thread's OS priority. .NET's Thread.Priority does nothing on Linux, but Linux keeps a
/// nice value per thread: setpriority(PRIO_PROCESS, tid) changes only that thread, and raising one's own
/// nice value needs no privilege.
/// </summary>
public static partial class OsThreadPriority
{
    private const int PrioProcess = 0;

    public static bool TryLowerCurrent(int niceness)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // Never raise a thread that already runs at a lower priority (a nice'd process).
                var tid = GetTid();
                return SetPriority(PrioProcess, tid, Math.Max(niceness, GetPriority(PrioProcess, tid))) == 0;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }

        if (OperatingSystem.IsWindows())
        {
            Thread.CurrentThread.Priority = System.Threading.ThreadPriority.BelowNormal;
            return true;
        }

        return false;
    }

    /// <summary>The calling thread's nice value (Linux), for tests and diagnostics.</summary>
    public static int CurrentNiceness() => OperatingSystem.IsLinux() ? GetPriority(PrioProcess, GetTid()) : 0;

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
