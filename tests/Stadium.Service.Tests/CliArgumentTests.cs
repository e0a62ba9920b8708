using System.Diagnostics;
using Stadium.Testing;

namespace Stadium.Service.Tests;

/// <summary>A mistyped option is a message and exit code 1, never a stack trace, on every verb that takes numbers.</summary>
public sealed class CliArgumentTests
{
    [Theory]
    [InlineData("Cannot parse argument 'abc' for option '--replicas'", "infra", "up", "--replicas", "abc")]
    [InlineData("--replicas must be between 0 and 8", "infra", "up", "--replicas", "9")]
    [InlineData("Cannot parse argument 'many' for option '--users'", "seed", "--users", "many")]
    [InlineData("Cannot parse argument 'http' for option '--port'", "serve", "--port", "http")]
    [InlineData("Cannot parse argument 'lots' for option '--jobs'", "work", "bench", "--jobs", "lots")]
    public async Task A_value_that_does_not_parse_is_reported_not_thrown(string message, params string[] args)
    {
        var folder = Path.Combine(Path.GetTempPath(), "stadium-cli-tests", Guid.NewGuid().ToString("n"));
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(BuiltCli.Path);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Should parsing ever let it through, nothing may land in the working folder.
        info.ArgumentList.Add(args[0] == "infra" ? "--dir" : "--data");
        info.ArgumentList.Add(folder);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains(message, errors + await output);
        Assert.DoesNotContain("Unhandled exception", errors);
        Assert.False(Directory.Exists(folder));
    }
}
