using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
    [InlineData("--port must be between 0 and 65535", "up", "--port", "70000")]
    [InlineData("--port must be between 0 and 65535", "work", "--port", "-1")]
    public async Task A_value_that_does_not_parse_is_reported_not_thrown(string message, params string[] args)
    {
        var folder = NewFolder();
        // Should parsing ever let it through, nothing may land in the working folder.
        var (exitCode, output, errors) = await RunAsync([.. args, args[0] == "infra" ? "--dir" : "--data", folder]);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, errors + output);
        Assert.DoesNotContain("Unhandled exception", errors);
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("work")]
    public async Task A_port_another_process_holds_is_reported_not_thrown(string verb)
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var folder = NewFolder();
        try
        {
            var (exitCode, _, errors) = await RunAsync([verb, "--port", port.ToString(CultureInfo.InvariantCulture), "--data", folder]);

            Assert.Equal(1, exitCode);
            Assert.Contains("address already in use", errors, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Choose another --port", errors);
            Assert.DoesNotContain("Unhandled exception", errors);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("seed")]
    [InlineData("work")]
    public async Task A_store_provider_that_does_not_exist_is_one_line_naming_the_known_ones(string verb)
    {
        var folder = NewFolder();
        string[] args = verb == "seed" ? [verb, "--data", folder] : [verb, "--port", "0", "--data", folder];
        var (exitCode, _, errors) = await RunAsync(args, new() { ["Stadium__Store__Provider"] = "mysql" });

        Assert.Equal(1, exitCode);
        Assert.Equal("error: Stadium:Store:Provider 'mysql' is not a known store; known: sqlite, postgres.", errors.Trim());
        Assert.False(Directory.Exists(Path.Combine(folder, "stadium.db")));
    }

    [Theory]
    [InlineData("serve", "Stadium__Feed__TimelineCapacity", "0", "error: Stadium:Feed:TimelineCapacity must be at least 1 (got 0)")]
    [InlineData("work", "Stadium__Email__Smtp__Port", "0", "error: Stadium:Email:Smtp:Port must be from 1 to 65535 (got 0)")]
    [InlineData("serve", "Stadium__Feed__TimelineCapacity", "abc", "error: Failed to convert configuration value 'abc' at 'Stadium:Feed:TimelineCapacity' to type 'System.Int32'.")]
    [InlineData("serve", "Stadium__Jobs__DrainTimeout", "-00:00:01", "error: Stadium:Jobs:DrainTimeout must not be negative (got -00:00:01)")]
    [InlineData("work", "Stadium__Jobs__Types__export.pdf__Concurrency", "0", "error: Stadium:Jobs:Types:export.pdf:Concurrency must be at least 1 (got 0)")]
    [InlineData("serve", "Stadium__Store__Postgres__MaxPoolSize", "0", "error: Stadium:Store:Postgres:MaxPoolSize must be at least 1 (got 0)")]
    public async Task A_bad_setting_is_one_line_naming_its_key(string verb, string variable, string value, string expected)
    {
        var folder = NewFolder();
        try
        {
            var environment = new Dictionary<string, string> { [variable] = value };
            if (variable.StartsWith("Stadium__Store__Postgres__", StringComparison.Ordinal))
            {
                // Checked when the store is chosen, before any connection: no server needs to listen here.
                environment["Stadium__Store__Provider"] = "Postgres";
                environment["Stadium__Store__Postgres__Primary"] = "Host=127.0.0.1;Port=1;Username=x;Database=x";
            }

            var (exitCode, _, errors) = await RunAsync([verb, "--port", "0", "--data", folder], environment);

            Assert.Equal(1, exitCode);
            Assert.Equal(expected, errors.Trim());
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "stadium-cli-tests", Guid.NewGuid().ToString("n"));

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string[] args, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? [])
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(BuiltCli.Path);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, errors);
    }
}
