using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Stadium.Infra.Fleet;

/// <summary>
/// What the nodes share: PostgreSQL primary, replicas and Redis (as <c>stadium infra up</c> starts them, under
/// <c>&lt;data&gt;/infra</c>), the demo population and the shared data folder with one signing key.
/// </summary>
internal sealed class DataTier(ClusterOptions options, ClusterLayout layout, TextWriter report)
{
    public async Task<InfraSettings> UpAsync(CancellationToken ct)
    {
        var settings = await new InfraLauncher().UpAsync(new InfraUpOptions(layout.InfraDir, options.Replicas, Chaos: options.Chaos), ct);
        foreach (var server in settings.Infra.Servers)
        {
            report.WriteLine($"  {server.Name,-10} {server.Kind,-8} 127.0.0.1:{server.Port}  pid {server.Pid}");
        }

        return settings;
    }

    /// <summary>
    /// Runs <c>stadium seed</c> once against the data tier (it reuses a population that is already there) and writes
    /// the shared signing key before any node starts: two nodes starting together would otherwise each create one.
    /// </summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(layout.SharedDir);
        WriteSigningKey();
        await File.WriteAllTextAsync(layout.GatewayConfig, GatewayConfig(), ct);

        report.WriteLine($"Seeding {options.Users.ToString("N0", CultureInfo.InvariantCulture)} users (log: {layout.LogFile("seed")})");
        using var seed = NodeProcess.Start(new NodeLaunch(
            "seed",
            [.. options.Stadium, "seed", "--config", layout.InfraSettings, "--data", layout.SharedDir, "--users", options.Users.ToString(CultureInfo.InvariantCulture)],
            layout.LogFile("seed"),
            null,
            new Dictionary<string, string>()));
        try
        {
            await seed.Exited.WaitAsync(ct);
        }
        finally
        {
            await seed.StopAsync(TimeSpan.FromSeconds(5));
        }

        if (seed.ExitCode != 0)
        {
            throw new InfraCommandException($"seeding failed with exit code {seed.ExitCode}:{Environment.NewLine}{seed.LogTail()}");
        }
    }

    public Task DownAsync() => File.Exists(layout.InfraSettings) ? new InfraLauncher().DownAsync(layout.InfraDir, CancellationToken.None) : Task.CompletedTask;

    /// <summary>The file a node reads as Stadium:Auth's generated key: 64 random bytes in base64, readable by its owner only.</summary>
    private void WriteSigningKey()
    {
        var path = Path.Combine(layout.SharedDir, "signing.key");
        if (!File.Exists(path))
        {
            using var file = new FileStream(path, FileModes.CreateWith(FileModes.OwnerOnly));
            using var writer = new StreamWriter(file);
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        }
    }

    /// <summary>The gateway follows cluster.json: active API nodes are its destinations, draining ones are drained.</summary>
    private string GatewayConfig() =>
        JsonSerializer.Serialize(new { Stadium = new { Gateway = new { ClusterFile = layout.StateFile } } }, new JsonSerializerOptions { WriteIndented = true });
}
