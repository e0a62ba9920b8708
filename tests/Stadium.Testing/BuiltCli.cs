namespace Stadium.Testing;

/// <summary>
/// The `stadium` CLI built beside a test project (same configuration and framework), for tests that run it as
/// its own process the way a user does. A test project that uses it references src/Stadium with
/// <c>ReferenceOutputAssembly="false"</c>, so the CLI is built first without becoming part of the tests.
/// </summary>
public static class BuiltCli
{
    public static string Path { get; } = Find();

    /// <summary>
    /// Runs the CLI to its end (a minute at most, unless <paramref name="limit"/> says otherwise) with quiet framework
    /// logs; the environment's entries are added to this process's (ASPNETCORE_URLS is left out, so a test chooses where
    /// a node listens). It runs in <paramref name="workingDirectory"/> when given (where a node looks for appsettings.json).
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? limit = null, string? workingDirectory = null)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        info.ArgumentList.Add(Path);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static string Find()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var path = System.IO.Path.Combine(Repository.Root, "src", "Stadium", "bin", output.Parent!.Name, output.Name, "stadium.dll");
        Assert.True(File.Exists(path), $"stadium CLI not built at {path}");
        return path;
    }
}
