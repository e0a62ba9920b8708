using System.Diagnostics;
using System.Globalization;
using Stadium.Protection.Slo;

namespace Stadium.Chaos.Experiments;

/// <summary>Checks a steady-state hypothesis against the target, probe by probe; a probe that cannot reach the target fails with why.</summary>
internal sealed class ProbeRunner(HttpClient client, Uri target, TimeProvider time)
{
    public async Task<HypothesisCheck> CheckAsync(SteadyStateHypothesis hypothesis, string when, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        var results = new List<ProbeResult>();
        foreach (var probe in hypothesis.Probes)
        {
            results.Add(await RunAsync(probe, ct).ConfigureAwait(false));
        }

        return new HypothesisCheck(when, at, results);
    }

    /// <summary>How many loops send the warm-up side by side: enough that a gateway spreads them over every node.</summary>
    private const int WarmupLoops = 4;

    /// <summary>
    /// Each loop's pause between requests: under 40 a second in all, enough for every node to compile the routes
    /// (a method is recompiled optimised after 30 calls) and far below the anonymous rate limits, which the check
    /// after it would otherwise meet as 429s.
    /// </summary>
    private static readonly TimeSpan WarmupPause = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The hypothesis's HTTP and SLO requests, over and over for <paramref name="length"/>, answers and failures
    /// ignored: a fresh node's first requests go through the JIT and its pools, which is not the steady state the
    /// check before is about. Returns how many were sent.
    /// </summary>
    public async Task<long> WarmAsync(SteadyStateHypothesis hypothesis, TimeSpan length, CancellationToken ct)
    {
        var requests = hypothesis.Probes.Where(p => p.Type != Probe.MetricType).ToList();
        if (requests.Count == 0)
        {
            return 0;
        }

        var sent = 0L;
        var until = time.GetUtcNow() + length;
        async Task LoopAsync(int start)
        {
            for (var i = start; time.GetUtcNow() < until; i++)
            {
                try
                {
                    await SendAsync(requests[i % requests.Count], ct).ConfigureAwait(false);
                }
                catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    // A node still starting: the warm-up goes on; the check after it says what holds.
                }

                Interlocked.Increment(ref sent);
                await Task.Delay(WarmupPause, time, ct).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, WarmupLoops).Select(LoopAsync)).ConfigureAwait(false);
        return sent;
    }

    private async Task<ProbeResult> RunAsync(Probe probe, CancellationToken ct)
    {
        try
        {
            return probe.Type switch
            {
                Probe.Http => await HttpAsync(probe, ct).ConfigureAwait(false),
                Probe.MetricType => await MetricAsync(probe, ct).ConfigureAwait(false),
                _ => await SloAsync(probe, ct).ConfigureAwait(false),
            };
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new ProbeResult(probe.Name, false, $"{probe.Method} {probe.Url}: {failure.Message}");
        }
    }

    private async Task<ProbeResult> HttpAsync(Probe probe, CancellationToken ct)
    {
        var (status, elapsed) = await SendAsync(probe, ct).ConfigureAwait(false);
        var detail = string.Create(CultureInfo.InvariantCulture, $"{probe.Method} {probe.Url}: {status} in {elapsed.TotalMilliseconds:0} ms");
        var passed = status == probe.Status && (probe.Latency is not { } most || elapsed <= most);
        return new ProbeResult(probe.Name, passed, detail);
    }

    private async Task<ProbeResult> MetricAsync(Probe probe, CancellationToken ct)
    {
        var text = await client.GetStringAsync(new Uri(target, probe.Url), ct).ConfigureAwait(false);
        var value = PrometheusText.Sum(text, probe.Metric!);
        var passed = value is { } v && (probe.Min is not { } min || v >= min) && (probe.Max is not { } max || v <= max);
        return new ProbeResult(probe.Name, passed, value is null
            ? $"{probe.Metric}: no such series on {probe.Url}"
            : string.Create(CultureInfo.InvariantCulture, $"{probe.Metric} = {value}"));
    }

    /// <summary><see cref="Probe.Samples"/> requests in a row; their p99 and failures against the route's objective in the SLO file.</summary>
    private async Task<ProbeResult> SloAsync(Probe probe, CancellationToken ct)
    {
        var objectives = probe.SloFile is { } file ? SloFileParser.Load(file) : SloFileParser.BuiltIn;
        var path = new Uri(target, probe.Url).AbsolutePath;
        var objective = objectives.Match(probe.Method, path);
        if (objective is null)
        {
            return new ProbeResult(probe.Name, false, $"{objectives.Source} has no objective for {probe.Method} {path}");
        }

        var latencies = new List<TimeSpan>(probe.Samples);
        var failures = 0;
        for (var i = 0; i < probe.Samples; i++)
        {
            try
            {
                var (status, elapsed) = await SendAsync(probe, ct).ConfigureAwait(false);
                failures += status >= 500 ? 1 : 0;
                latencies.Add(elapsed);
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                failures++;
            }
        }

        latencies.Sort();
        var quantile = latencies.Count == 0 ? TimeSpan.MaxValue : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(objective.Percentile / 100 * latencies.Count) - 1)];
        var failedShare = failures / (double)probe.Samples;
        var passed = quantile <= objective.Latency && failedShare <= objective.ErrorBudget;
        // With no answer at all there is no latency to quote: saying so, not TimeSpan.MaxValue in milliseconds.
        var latency = latencies.Count == 0
            ? "no answer"
            : string.Create(CultureInfo.InvariantCulture, $"{quantile.TotalMilliseconds:0} ms");
        return new ProbeResult(probe.Name, passed, string.Create(CultureInfo.InvariantCulture,
            $"{objective.Name}: p{objective.Percentile:0.#} {latency} (objective {objective.Latency.TotalMilliseconds:0} ms), {failures} of {probe.Samples} failed (budget {objective.ErrorBudget:P2})"));
    }

    private async Task<(int Status, TimeSpan Elapsed)> SendAsync(Probe probe, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(probe.Method), new Uri(target, probe.Url));
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        return ((int)response.StatusCode, Stopwatch.GetElapsedTime(started));
    }
}
