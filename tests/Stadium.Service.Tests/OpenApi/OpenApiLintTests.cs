using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Stadium.Testing;

namespace Stadium.Service.Tests.OpenApi;

/// <summary>
/// The live /openapi/v1.json passes Redocly CLI's recommended rules (tools/openapi-lint: the pinned CLI and its
/// redocly.yaml) with no error and no warning, so the linters and client generators users point at it accept it.
/// </summary>
public sealed class OpenApiLintTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_live_document_passes_Redocly_recommended_lint_with_no_errors_or_warnings()
    {
        var tools = Repository.Combine("tools", "openapi-lint");
        var redocly = Path.Combine(tools, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(redocly), $"Redocly CLI is not installed: run `npm ci --prefix tools/openapi-lint` (test.sh does) to get {redocly}");

        using var client = node.CreateClient();
        var document = Path.Combine(node.DataFolder, "openapi-v1.json");
        await File.WriteAllTextAsync(document, await client.GetStringAsync("/openapi/v1.json"));

        var (exitCode, output, errors) = await RunAsync("node", redocly, "lint", document, "--config", Path.Combine(tools, "redocly.yaml"), "--format", "json");
        var report = ParseReport(output, exitCode, errors);
        var totals = report.RootElement.GetProperty("totals");
        var problems = string.Join('\n', report.RootElement.GetProperty("problems").EnumerateArray().Select(Describe));
        Assert.True(
            totals.GetProperty("errors").GetInt32() == 0 && totals.GetProperty("warnings").GetInt32() == 0,
            $"redocly lint: {totals.GetProperty("errors")} errors, {totals.GetProperty("warnings")} warnings\n{problems}");
        Assert.Equal(0, exitCode);
    }

    private static JsonDocument ParseReport(string output, int exitCode, string errors)
    {
        try
        {
            return JsonDocument.Parse(output);
        }
        catch (JsonException)
        {
            Assert.Fail($"redocly lint exited {exitCode} without a JSON report\n{output}\n{errors}");
            throw;
        }
    }

    private static string Describe(JsonElement problem)
    {
        var where = problem.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString()).FirstOrDefault();
        return $"{problem.GetProperty("severity").GetString()} {problem.GetProperty("ruleId").GetString()}: {problem.GetProperty("message").GetString()} at {where}";
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // No usage telemetry and no update check: the lint is a local, offline step.
        info.Environment["REDOCLY_TELEMETRY"] = "off";
        info.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(LintTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }
}
