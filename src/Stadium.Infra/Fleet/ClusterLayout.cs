using System.IO.Hashing;
using System.Text;

namespace Stadium.Infra.Fleet;

/// <summary>Where a cluster keeps its files, all under one data folder.</summary>
public sealed record ClusterLayout(string DataDir)
{
    public static ClusterLayout For(string dataDir) => new(Path.GetFullPath(dataDir));

    public string StateFile => Path.Combine(DataDir, ClusterStateFile.FileName);

    /// <summary>The data tier (PostgreSQL, Redis), as <c>stadium infra up --dir</c> lays it out.</summary>
    public string InfraDir => Path.Combine(DataDir, "infra");

    public string InfraSettings => InfraSettingsFile.PathIn(InfraDir);

    /// <summary>
    /// The nodes' common data folder (Stadium:DataFolder), like a volume every replica mounts: one signing key for all,
    /// so a token one node issued is good on every other, and exports a worker writes are there for any node.
    /// </summary>
    public string SharedDir => Path.Combine(DataDir, "shared");

    public string LogsDir => Path.Combine(DataDir, "logs");

    public string GatewayConfig => Path.Combine(DataDir, "gateway.json");

    public string LogFile(string name) => Path.Combine(LogsDir, name + ".log");

    /// <summary>Names this cluster's cgroups apart from another cluster's on the same machine (its data folder's hash).</summary>
    public string ClusterId => Convert.ToHexStringLower(XxHash32.Hash(Encoding.UTF8.GetBytes(DataDir)));

    /// <summary>
    /// True when <paramref name="pid"/> runs the stadium CLI or a server with this cluster's data folder on its
    /// command line: every child the supervisor starts names a file under it (--config, --data), so this tells them
    /// from a stranger that reused a recorded pid.
    /// </summary>
    public bool IsChild(int pid)
    {
        var commandLine = UnixProcess.CommandLine(pid);
        return UnixProcess.IsAlive(pid)
            && commandLine.Contains(DataDir + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && (commandLine.Contains("stadium", StringComparison.Ordinal) || commandLine.Contains("postgres", StringComparison.Ordinal) || commandLine.Contains("redis", StringComparison.Ordinal));
    }
}
