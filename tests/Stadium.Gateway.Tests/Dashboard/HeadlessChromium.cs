using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadium.Gateway.Tests.Dashboard;

/// <summary>
/// Headless Chromium (Debian's `chromium`) driven through its WebDriver (`chromedriver`, from Debian's chromium-driver;
/// both installed by test.sh) over the plain W3C protocol: open a page, read its DOM while it keeps running in real time
/// (a page fed by an event stream never goes idle, so a one-shot dump cannot wait for it), and read the browser's
/// console log. Disposing ends the session and the driver, which ends the browser.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _driver;
    private readonly HttpClient _client;
    private readonly string _session;

    private HeadlessChromium(Process driver, HttpClient client, string session)
    {
        _driver = driver;
        _client = client;
        _session = session;
    }

    public static async Task<HeadlessChromium> StartAsync(string profileFolder)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("chromedriver") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add($"--port={port}");
        start.ArgumentList.Add("--allowed-ips=127.0.0.1");
        var driver = Process.Start(start) ?? throw new InvalidOperationException("chromedriver did not start");
        _ = driver.StandardOutput.ReadToEndAsync();
        _ = driver.StandardError.ReadToEndAsync();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            await WaitUntilReadyAsync(client);
            var capabilities = new JsonObject
            {
                ["capabilities"] = new JsonObject
                {
                    ["alwaysMatch"] = new JsonObject
                    {
                        ["goog:chromeOptions"] = new JsonObject
                        {
                            ["binary"] = "/usr/bin/chromium",
                            ["args"] = new JsonArray("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profileFolder}"),
                        },
                        ["goog:loggingPrefs"] = new JsonObject { ["browser"] = "ALL" },
                    },
                },
            };
            var created = await SendAsync(client, HttpMethod.Post, "session", capabilities);
            return new HeadlessChromium(driver, client, created.GetProperty("sessionId").GetString()!);
        }
        catch
        {
            client.Dispose();
            driver.Kill(entireProcessTree: true);
            driver.Dispose();
            throw;
        }
    }

    public Task OpenAsync(Uri url) => SendAsync(_client, HttpMethod.Post, $"session/{_session}/url", new JsonObject { ["url"] = url.ToString() });

    /// <summary>The page's DOM as it is now.</summary>
    public async Task<string> DomAsync() =>
        (await SendAsync(_client, HttpMethod.Post, $"session/{_session}/execute/sync",
            new JsonObject { ["script"] = "return document.documentElement.outerHTML;", ["args"] = new JsonArray() })).GetString()!;

    /// <summary>The console entries logged since the previous call, as "LEVEL message".</summary>
    public async Task<IReadOnlyList<string>> ConsoleAsync() =>
        [.. (await SendAsync(_client, HttpMethod.Post, $"session/{_session}/se/log", new JsonObject { ["type"] = "browser" }))
            .EnumerateArray()
            .Select(e => $"{e.GetProperty("level").GetString()} {e.GetProperty("message").GetString()}")];

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync(_client, HttpMethod.Delete, $"session/{_session}", null);
        }
        finally
        {
            _client.Dispose();
            _driver.Kill(entireProcessTree: true);
            await _driver.WaitForExitAsync();
            _driver.Dispose();
        }
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        using var answer = await client.SendAsync(request);
        using var document = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var value = document.RootElement.GetProperty("value").Clone();
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"WebDriver {method} {path}: {(int)answer.StatusCode} {value}");
        }

        return value;
    }

    private static async Task WaitUntilReadyAsync(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                using var status = await client.GetAsync("status");
                if (status.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("chromedriver did not answer within 30 s.");
    }

    private static int FreePort() => Stadium.Testing.TestPorts.Pick();
}
