using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Stadium.Chaos.Faults;
using Stadium.Testing;

namespace Stadium.Chaos.Tests.Faults;

/// <summary>A freeze (SIGSTOP) of a real process is undone after its duration, on cancellation, and by the next run when its own run died.</summary>
public sealed class FreezeFaultTests
{
    private static readonly Dictionary<string, string> NoAttributes = [];

    [Fact]
    public async Task A_freeze_is_undone_after_its_duration()
    {
        await using var cluster = await SleepingCluster.StartAsync();
        var time = new FakeTimeProvider();
        var run = new FaultRunner(cluster.DataDir, TextWriter.Null, time, "/nonexistent")
            .RunAsync(new FaultSpec("freeze", "api-1", TimeSpan.FromSeconds(10), NoAttributes), CancellationToken.None);

        Assert.True(await cluster.ReachesAsync('T'), "api-1 was not stopped");
        Assert.True(File.Exists(cluster.Ledger), "the active fault is not recorded");
        Assert.False(run.IsCompleted);

        await time.FinishAsync(run, TimeSpan.FromSeconds(10));
        Assert.NotEqual('T', cluster.State);
        Assert.False(File.Exists(cluster.Ledger), "the reverted fault is still recorded");
    }

    [Fact]
    public async Task A_freeze_is_undone_at_once_when_its_run_is_cancelled()
    {
        await using var cluster = await SleepingCluster.StartAsync();
        using var stop = new CancellationTokenSource();
        var run = new FaultRunner(cluster.DataDir, TextWriter.Null, new FakeTimeProvider(), "/nonexistent")
            .RunAsync(new FaultSpec("freeze", "api-1", TimeSpan.FromMinutes(10), NoAttributes), stop.Token);
        Assert.True(await cluster.ReachesAsync('T'), "api-1 was not stopped");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.NotEqual('T', cluster.State);
        Assert.False(File.Exists(cluster.Ledger));
    }

    [Fact]
    public async Task The_next_run_thaws_a_process_a_killed_run_left_frozen()
    {
        await using var cluster = await SleepingCluster.StartAsync();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { BuiltCli.Path, "chaos", "fault", "freeze", "api-1", "--for", "10m", "--data", cluster.DataDir })
        {
            info.ArgumentList.Add(argument);
        }

        using (var cli = Process.Start(info)!)
        {
            Assert.True(await cluster.ReachesAsync('T'), "`stadium chaos fault freeze` did not stop api-1");
            // The run dies without its revert, as with kill -9 or a lost terminal.
            cli.Kill();
            await cli.WaitForExitAsync();
        }

        Assert.Equal('T', cluster.State);
        Assert.Contains("\"freeze\"", await File.ReadAllTextAsync(cluster.Ledger));

        var undone = await new FaultRunner(cluster.DataDir, TextWriter.Null).UndoLeftoversAsync(CancellationToken.None);
        Assert.Equal(1, undone);
        Assert.NotEqual('T', cluster.State);
        Assert.False(File.Exists(cluster.Ledger));
    }
}
