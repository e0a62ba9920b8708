using System.Runtime.InteropServices;

namespace Stadium.Service.Platform.Memory;

/// <summary>
/// The C library's allocator (glibc's malloc), which the runtime, SQLite and the sockets allocate from outside the
/// managed heap. It keeps freed memory in its arenas for reuse and returns little of it to the system, so a
/// long-running node's RSS outside the managed heap creeps up. <see cref="Trim"/> asks it to return every free page.
/// </summary>
internal static partial class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>glibc's malloc_trim(0): returns whole free pages of every arena; false where there is none (musl, macOS, Windows).</summary>
    public static bool Trim()
    {
        if (_unavailable)
        {
            return false;
        }

        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
