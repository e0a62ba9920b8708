using System.Runtime.InteropServices;

namespace Stadium.Lab.Reports;

/// <summary>
/// Makes sure what a command writes (results.json, a report, a plan, a folder of files) can be written before it does
/// its work: a file path that is a folder, a folder path that is a file, or a place that cannot be created must cost a
/// message up front that names the option, not the results of a run that has already sent its traffic.
/// </summary>
internal static class OutputPaths
{
    /// <exception cref="FormatException">A path cannot be written; the message names the option and says why.</exception>
    public static void Prepare(OutputOptions output)
    {
        Prepare(output.ResultsPath, "--out");
        Prepare(output.ReportPath, "--report");
    }

    /// <summary>Checks <paramref name="path"/> as a file and makes its folder.</summary>
    /// <param name="option">The option that gave the path, as the message names it: "--out".</param>
    public static void Prepare(string? path, string option)
    {
        if (path is not null)
        {
            CheckFile(path, option);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
    }

    /// <summary>
    /// A file the command will write: not a folder, and creatable. The check leaves the disk as it found it (a folder it
    /// makes on the way and the probe file are removed again), so it may run while the command line is parsed.
    /// </summary>
    /// <exception cref="FormatException">It cannot be written; the message names the option and says why.</exception>
    public static void CheckFile(string path, string option)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new FormatException($"{option} {path} is a folder, not a file");
        }

        Probe(path, option, Path.GetDirectoryName(full)!, folder => File.Exists(full)
            ? new FileStream(full, FileMode.Open, FileAccess.Write) // not truncated: the check must not empty it
            : Scratch(full));
    }

    /// <summary>A folder the command will write into: not a file, and creatable; like <see cref="CheckFile"/>, it leaves nothing behind.</summary>
    /// <exception cref="FormatException">It cannot be written; the message names the option and says why.</exception>
    public static void CheckFolder(string path, string option)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new FormatException($"{option} {path} is a file, not a folder");
        }

        Probe(path, option, full, folder => Scratch(Path.Combine(folder, $".stadium-check-{Guid.NewGuid():n}")));
    }

    /// <summary>Makes <paramref name="folder"/> (removing again what did not exist) and opens <paramref name="open"/>'s file in it.</summary>
    private static void Probe(string path, string option, string folder, Func<string, FileStream> open)
    {
        var existing = folder;
        string? made = null;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new FormatException($"{option} {path} cannot be created ({existing} is a file)");
            }

            made = existing;
            existing = Path.GetDirectoryName(existing)!;
        }

        try
        {
            Directory.CreateDirectory(folder);
            open(folder).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{option} {path} cannot be created ({Reason(e)})", e);
        }
        finally
        {
            if (made is not null && Directory.Exists(made))
            {
                Directory.Delete(made, recursive: true);
            }
        }
    }

    /// <summary>A new file that is deleted when it is closed.</summary>
    private static FileStream Scratch(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);

    /// <summary>Why the file system refused, in words: .NET's own message names types and says "Could not find file" for a folder that refuses files (/proc).</summary>
    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "the path is too long",
        FileNotFoundException or DirectoryNotFoundException => "the file system there does not allow it",
        // On Linux and macOS an IOException's HResult is the errno: strerror says it plainly ("Read-only file system").
        _ when !OperatingSystem.IsWindows() && e.HResult is > 0 and < 4096 => Marshal.GetPInvokeErrorMessage(e.HResult).ToLowerInvariant(),
        _ => "the file system refused it",
    };
}
