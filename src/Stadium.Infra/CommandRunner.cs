using System.Diagnostics;

namespace Stadium.Infra;

/// <summary>Runs the server programs (initdb, pg_ctl, ...) to completion and captures their output.</summary>
internal static class CommandRunner
{
    /// <summary>Runs the command; environment values are passed to the child only, never logged or echoed.</summary>
    public static async Task<CommandResult> RunAsync(
        string file,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        CancellationToken ct)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Servers started through pg_ctl must not hold our stdin open.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)
            ?? throw new InfraCommandException($"could not start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the command and throws, with its error output, when it fails.</summary>
    public static async Task<CommandResult> RunCheckedAsync(
        string file,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        CancellationToken ct,
        string? displayName = null)
    {
        var result = await RunAsync(file, arguments, environment, ct);
        if (result.ExitCode != 0)
        {
            var output = (result.StandardError + "\n" + result.StandardOutput).Trim();
            throw new InfraCommandException(
                $"{displayName ?? Path.GetFileName(file)} failed (exit {result.ExitCode}): {output}");
        }

        return result;
    }
}
