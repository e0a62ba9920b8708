using Stadium.Chaos.Experiments;

namespace Stadium.Chaos.Tests;

/// <summary>Probes against a target where nothing listens: every request fails, and the result says so plainly.</summary>
public sealed class ProbeRunnerTests
{
    [Fact]
    public async Task An_slo_probe_with_no_answer_at_all_says_no_answer_not_a_latency()
    {
        var experiment = ExperimentFileParser.Parse(
            """
            title: nothing there
            steady-state-hypothesis:
              probes:
                - { name: posts-within-slo, type: slo, url: /v1/users/user2/posts, samples: 3 }
            method:
              - { fault: kill, target: api-2, at: 10s, duration: 20s }
            """,
            "e.yaml");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        // Port 9 (discard) on loopback: nothing listens there, so every connection is refused at once.
        var check = await new ProbeRunner(http, new Uri("http://127.0.0.1:9/"), TimeProvider.System).CheckAsync(experiment.Hypothesis, "before", CancellationToken.None);

        var result = Assert.Single(check.Probes);
        Assert.False(result.Passed);
        Assert.Contains("p99 no answer (objective", result.Detail, StringComparison.Ordinal);
        Assert.Contains("3 of 3 failed", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("922337", result.Detail, StringComparison.Ordinal);
    }
}
