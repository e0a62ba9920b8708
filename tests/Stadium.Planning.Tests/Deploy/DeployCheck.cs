using System.Diagnostics;
using System.Text;
using Stadium.Testing;

namespace Stadium.Planning.Tests.Deploy;

/// <summary>Runs tools/deploy-check (Node, installed by test.sh with npm ci) on a deploy folder.</summary>
internal static class DeployCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<(int ExitCode, string Output)> RunAsync(string folder)
    {
        var tools = Repository.Combine("tools", "deploy-check");
        Assert.True(Directory.Exists(Path.Combine(tools, "node_modules", "kubernetes-models")), $"the deploy checker is not installed: run `npm ci --prefix tools/deploy-check` (test.sh does) in {Repository.Root}");
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(tools, "check.mjs"));
        info.ArgumentList.Add(folder);
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tools/deploy-check did not finish within {Timeout}");
        }

        return (process.ExitCode, await output + await errors);
    }
}
