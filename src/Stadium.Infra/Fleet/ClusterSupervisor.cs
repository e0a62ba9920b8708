using System.Globalization;

namespace Stadium.Infra.Fleet;

/// <summary>
/// <c>stadium up --cluster</c>: starts the data tier, seeds it, starts the API nodes, workers and gateway as child
/// processes (each in a cgroup of its own), serves the control API, and on cancellation (Ctrl+C, SIGTERM) stops
/// everything it started: gateway first, then the nodes and workers, the control API, the cgroups, the data tier.
/// </summary>
public sealed class ClusterSupervisor(ClusterOptions options, TextWriter report)
{
    private readonly ClusterLayout _layout = ClusterLayout.For(options.DataDir);

    /// <summary>Runs until <paramref name="ct"/> is cancelled, then stops everything; throws when it could not start.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await LeftoverCluster.CleanAsync(_layout, report, ct, options.CgroupRoot);
        Directory.CreateDirectory(_layout.DataDir);
        var limiter = Limiter(out var limits);

        report.WriteLine($"Starting the data tier in {_layout.InfraDir}");
        var tier = new DataTier(options, _layout, report);
        using var http = new HttpClient();
        var readiness = new ReadinessProbe(http);
        ClusterMembers? members = null;
        ClusterMetrics? metrics = null;
        ControlApi? control = null;
        NodeLifecycle? lifecycle = null;
        Task companion = Task.CompletedTask;
        using var stopCompanion = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            await tier.UpAsync(ct);
            await tier.PrepareAsync(ct);

            var gatewayUrl = $"http://127.0.0.1:{options.GatewayPort.ToString(CultureInfo.InvariantCulture)}";
            var header = new ClusterState(Environment.ProcessId, DateTimeOffset.UtcNow, "", gatewayUrl, limits, []);
            members = new ClusterMembers(_layout, header);
            var running = members;
            metrics = new ClusterMetrics(() => running.Snapshot().Nodes);
            lifecycle = new NodeLifecycle(options, members, new NodeStarter(options, _layout, limiter), readiness, new GatewayDrainWatch(http), metrics, report);
            var scaler = new ClusterScaler(lifecycle, members);
            control = await ControlApi.StartAsync(members, scaler, readiness, options.Companion, ct);
            await members.SetControlUrlAsync(control.Url, ct);

            report.WriteLine($"Starting {options.Nodes} API node(s), {options.Workers} worker(s) and the gateway (logs: {_layout.LogsDir})");
            // One node first: every node takes the schema's migration lock at start, and on a loaded machine under
            // a CPU quota several at once kept it long enough for the last to time out; after the first, the rest
            // find nothing to migrate and start side by side.
            await scaler.ScaleAsync(1, null, ct);
            await Task.WhenAll(
                scaler.ScaleAsync(options.Nodes, options.Workers, ct),
                lifecycle.StartAsync(NodeRoles.Gateway, ct, NodeRoles.Gateway, options.GatewayPort));
            WriteUrls(members.Snapshot());
            if (options.Companion is { } extra)
            {
                // Started only now: during the start the node counts are the supervisor's, not an autoscaler's.
                report.WriteLine(extra.Describe(control.Url));
                companion = extra.RunAsync(control.Services, stopCompanion.Token);
                // Said when it happens, not only at the stop: the cluster keeps serving at its current size meanwhile.
                _ = companion.ContinueWith(
                    t => report.WriteLine($"The autoscaler stopped: {t.Exception!.GetBaseException().Message}; the cluster keeps its current size"),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: the normal way to stop a cluster.
        }
        finally
        {
            report.WriteLine("Stopping the cluster");
            await stopCompanion.CancelAsync();
            await StopCompanionAsync(companion);
            if (members is not null && lifecycle is not null)
            {
                await StopAllAsync(members, lifecycle);
            }

            if (control is not null)
            {
                await control.DisposeAsync();
            }

            foreach (var group in new CgroupLimiter(options.CgroupRoot).Find(CgroupLimiter.Prefix(_layout.ClusterId)))
            {
                CgroupLimiter.Remove(group);
            }

            await tier.DownAsync();
            File.Delete(_layout.StateFile);
            metrics?.Dispose();
            report.WriteLine("Stopped: no node, worker, gateway or server of this cluster runs.");
        }
    }

    /// <summary>Waits for the companion to end; its failure is reported, never allowed to stop the cluster's cleanup.</summary>
    private async Task StopCompanionAsync(Task companion)
    {
        try
        {
            await companion;
        }
        catch (OperationCanceledException)
        {
            // Its normal end.
        }
        catch (Exception)
        {
            // Reported when it failed.
        }
    }

    /// <summary>The gateway first, so no request reaches a node that is stopping; then every node and worker together.</summary>
    private static async Task StopAllAsync(ClusterMembers members, NodeLifecycle lifecycle)
    {
        await Task.WhenAll(members.InRole(NodeRoles.Gateway).Select(g => lifecycle.StopAsync(g, drainFirst: false, TimeSpan.FromSeconds(10))));
        await Task.WhenAll(members.All().Select(m => lifecycle.StopAsync(m, drainFirst: false)));
    }

    /// <summary>A limiter when this process may create cgroups; otherwise null, said once, and the nodes run uncapped.</summary>
    private CgroupLimiter? Limiter(out ClusterLimits limits)
    {
        var limiter = new CgroupLimiter(options.CgroupRoot);
        var probe = limiter.Create(CgroupLimiter.Prefix(_layout.ClusterId) + "probe", options.NodeCpu, options.NodeMemoryBytes, out var refusal, options.CpuPeriodMicroseconds);
        limits = new ClusterLimits(options.NodeCpu, options.NodeMemoryBytes, probe is not null);
        if (probe is null)
        {
            report.WriteLine($"cgroup: {refusal}; API nodes and workers run uncapped");
            return null;
        }

        CgroupLimiter.Remove(probe);
        report.WriteLine(
            $"Each API node and worker runs in its own cgroup: {options.NodeCpu.ToString("0.##", CultureInfo.InvariantCulture)} CPU " +
            $"(CFS period {(options.CpuPeriodMicroseconds / 1000.0).ToString("0.##", CultureInfo.InvariantCulture)} ms), {options.NodeMemoryBytes >> 20} MiB");
        return limiter;
    }

    private void WriteUrls(ClusterState state)
    {
        report.WriteLine();
        report.WriteLine("The cluster is up.");
        report.WriteLine($"  gateway  {state.GatewayUrl}{(state.Nodes.Any(n => n.Role == NodeRoles.Gateway) ? "" : "  (NOT running: see above)")}");
        foreach (var node in state.Nodes.Where(n => n.Role != NodeRoles.Gateway).OrderBy(n => n.Role).ThenBy(n => n.StartedAt))
        {
            report.WriteLine($"  {node.Name,-8} {node.Url}  pid {node.Pid}  {node.State}");
        }

        report.WriteLine($"  control  {state.ControlUrl}  (GET /status, POST /scale, GET /metrics)");
        report.WriteLine($"  infra    {_layout.InfraSettings}");
        report.WriteLine($"  state    {_layout.StateFile}");
        report.WriteLine($"Status: stadium cluster status --data {options.DataDir}   Scale: stadium cluster scale api=N workers=M --data {options.DataDir}   Stop: Ctrl+C");
    }
}
