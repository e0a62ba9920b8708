using System.Diagnostics;
using System.Globalization;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// Runs an experiment's rollbacks in order, each to its end or its timeout, whatever the others did. Called with a token
/// of its own, never the run's: rollbacks are what runs after a Ctrl+C or SIGTERM, so the run's token is already cancelled.
/// </summary>
internal sealed class RollbackRunner(HttpClient client, Uri target)
{
    public async Task<IReadOnlyList<RollbackResult>> RunAsync(IReadOnlyList<RollbackAction> actions)
    {
        var results = new List<RollbackResult>();
        foreach (var action in actions)
        {
            using var timeout = new CancellationTokenSource(action.Timeout);
            try
            {
                results.Add(action.Type == RollbackAction.Http
                    ? await HttpAsync(action, timeout.Token).ConfigureAwait(false)
                    : await ProcessAsync(action, timeout.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                results.Add(new RollbackResult(action.Name, false, string.Create(CultureInfo.InvariantCulture, $"did not finish within {action.Timeout.TotalSeconds:0.#} s")));
            }
            catch (Exception failure) when (failure is HttpRequestException or System.ComponentModel.Win32Exception or IOException)
            {
                results.Add(new RollbackResult(action.Name, false, failure.Message));
            }
        }

        return results;
    }

    private async Task<RollbackResult> HttpAsync(RollbackAction action, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(action.Method), new Uri(target, action.Url));
        using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
        return new RollbackResult(action.Name, response.IsSuccessStatusCode, $"{action.Method} {action.Url}: {(int)response.StatusCode}");
    }

    private static async Task<RollbackResult> ProcessAsync(RollbackAction action, CancellationToken ct)
    {
        var info = new ProcessStartInfo(action.Path!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in action.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var said = ((await output.ConfigureAwait(false)) + (await errors.ConfigureAwait(false))).Trim();
        var last = said.Split('\n').LastOrDefault()?.Trim() ?? "";
        return new RollbackResult(action.Name, process.ExitCode == 0,
            string.Create(CultureInfo.InvariantCulture, $"{action.Path} exited {process.ExitCode}") + (last.Length == 0 ? "" : $": {last}"));
    }
}
