using System.Text.Json;

namespace Stadium.Gateway.Tests;

/// <summary>Writes a cluster.json as the supervisor does: to a temporary file, then renamed over the old one.</summary>
internal sealed class ClusterFileWriter : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stadium-tests", "gateway-" + Guid.NewGuid().ToString("n"));

    public ClusterFileWriter() => Directory.CreateDirectory(_folder);

    public string FilePath => Path.Combine(_folder, "cluster.json");

    public void Write(params (TestBackend Node, string State)[] nodes)
    {
        var document = new
        {
            supervisorPid = Environment.ProcessId,
            startedAt = DateTimeOffset.UtcNow,
            gatewayUrl = "http://127.0.0.1:0",
            nodes = nodes.Select(n => new { role = "api", name = n.Node.Name, url = n.Node.Url, pid = Environment.ProcessId, state = n.State, startedAt = DateTimeOffset.UtcNow })
                .Append(new { role = "worker", name = "worker-1", url = "http://127.0.0.1:1", pid = 1, state = "active", startedAt = DateTimeOffset.UtcNow }),
        };
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(document));
        File.Move(temporary, FilePath, overwrite: true);
    }

    public Dictionary<string, string?> Settings() => new() { ["Stadium:Gateway:ClusterFile"] = FilePath };

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
