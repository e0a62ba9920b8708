using Stadium.Chaos.Experiments;

namespace Stadium.Chaos.Tests;

/// <summary>
/// How an experiment's own cluster copes with a start that fails: once more from nothing, then the failure is the run's.
/// The "cluster" here is a shell that counts its starts and exits, so no data tier is needed to see the retry.
/// </summary>
public sealed class LocalClusterStartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-local-cluster-start-").FullName;

    private string Starts => Path.Combine(_folder, "starts");

    [Fact]
    public async Task A_cluster_that_exits_at_start_is_started_once_more_and_the_second_failure_names_both()
    {
        using var say = new StringWriter();
        string[] self = ["/bin/sh", "-c", $"echo started >> '{Starts}'; echo 'the data tier would not start'; exit 3", "sh"];

        var failure = await Assert.ThrowsAsync<ClusterExitedException>(() =>
            LocalCluster.StartAsync(self, new ClusterShape(1, 0, 0, 10), [], say, CancellationToken.None, logsTo: Path.Combine(_folder, "logs")));

        Assert.Equal(2, File.ReadAllLines(Starts).Length);
        Assert.Contains("the cluster exited at start (3)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the data tier would not start", failure.Message, StringComparison.Ordinal);
        var said = say.ToString();
        Assert.Contains("The cluster exited at start; starting it once more.", said, StringComparison.Ordinal);
        Assert.Equal(2, said.Split('\n').Count(l => l.StartsWith("Starting a cluster for the run:", StringComparison.Ordinal)));
        // Each attempt's temporary folder is gone; the log of the last is kept where the run keeps logs.
        Assert.DoesNotContain(said.Split('\n').Where(l => l.StartsWith("Starting a cluster", StringComparison.Ordinal)).Select(l => l[(l.LastIndexOf(" in ", StringComparison.Ordinal) + 4)..].Trim()), Directory.Exists);
        Assert.Contains("the data tier would not start", await File.ReadAllTextAsync(Path.Combine(_folder, "logs", "cluster.log")), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
