using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stadium.Gateway.Options;

namespace Stadium.Gateway.Destinations;

/// <summary>
/// Reads the cluster file again whenever a watcher sees it change, and every <see cref="GatewayOptions.ReloadInterval"/>
/// anyway (watchers miss renames on some file systems, and the supervisor writes by rename). A file that cannot be read
/// right now keeps the last nodes read. A node draining for longer than <see cref="GatewayDrainOptions.Timeout"/> is
/// dropped, whatever the file says: its supervisor stops it then.
/// </summary>
internal sealed class ClusterFileFollower(GatewayConfigProvider provider, IOptions<GatewayOptions> options, TimeProvider time, ILogger<ClusterFileFollower> logger)
    : BackgroundService
{
    private readonly GatewayOptions _options = options.Value;
    private readonly Dictionary<string, DateTimeOffset> _drainingSince = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _changed = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(_options.ClusterFile))
        {
            return;
        }

        var path = Path.GetFullPath(_options.ClusterFile);
        using var watcher = Watch(path);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Reload(path);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var tick = Task.Delay(_options.ReloadInterval, time, wait.Token);
                await Task.WhenAny(tick, _changed.WaitAsync(wait.Token));
                await wait.CancelAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One read of the file, applied (visible to tests, which drive it without waiting for the timer).</summary>
    public void Reload(string path)
    {
        var read = ClusterFileReader.TryRead(path);
        if (read is null)
        {
            if (File.Exists(path))
            {
                logger.LogWarning("The cluster file {Path} could not be read; keeping the last {Count} nodes read.", path, provider.Nodes.Count);
            }

            return;
        }

        var now = time.GetUtcNow();
        foreach (var gone in _drainingSince.Keys.Where(name => !read.Any(n => n.Draining && n.Name.Equals(name, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            _drainingSince.Remove(gone);
        }

        var kept = new List<NodeEntry>();
        foreach (var node in read)
        {
            if (node.Draining)
            {
                var since = _drainingSince.TryAdd(node.Name, now) ? now : _drainingSince[node.Name];
                if (now - since >= _options.Drain.Timeout)
                {
                    continue;
                }
            }

            kept.Add(node);
        }

        provider.Update(kept);
    }

    private FileSystemWatcher? Watch(string path)
    {
        var folder = Path.GetDirectoryName(path);
        if (folder is null || !Directory.Exists(folder))
        {
            // The periodic read finds the file once the cluster creates its folder.
            return null;
        }

        var watcher = new FileSystemWatcher(folder, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.CreationTime | NotifyFilters.Size,
        };
        watcher.Changed += (_, _) => _changed.Release();
        watcher.Created += (_, _) => _changed.Release();
        watcher.Renamed += (_, _) => _changed.Release();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
