using System.Diagnostics;

namespace Stadium.Lab.Tests.Export;

/// <summary>Another program (node, python3, locust) run to its end in its own process, its output kept for the assertions.</summary>
public static class ExternalTool
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string program, IEnumerable<string> arguments, string workingFolder, IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 120)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingFolder,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} ran longer than {timeoutSeconds} s: {await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Debian's python3 (where python3-locust installs), before whatever else PATH finds first.</summary>
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Debian's Locust (python3-locust; its `python3 -m locust` does not start, its script does).</summary>
    public static string Locust => File.Exists("/usr/bin/locust") ? "/usr/bin/locust" : "locust";
}
