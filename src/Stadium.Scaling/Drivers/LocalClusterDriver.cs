using Stadium.Scaling.Config;

namespace Stadium.Scaling.Drivers;

/// <summary>
/// `driver: local`: the cluster `stadium up --cluster` runs on this machine. Settings: `data` (the cluster's folder, by
/// default the config's `data`) and `role` (api or workers; by default the target's name).
/// </summary>
internal sealed class LocalClusterDriver : IScaleDriver
{
    public string Name => "local";

    public IReadOnlyList<string> Keys => ["data", "role"];

    public IReadOnlyList<string> Required => [];

    public ScaledTarget Create(TargetSpec target, AutoscaleConfig config, HttpClient http)
    {
        var role = target.DriverSettings.GetValueOrDefault("role") ?? target.Name;
        if (role is not ("api" or "workers"))
        {
            throw new FormatException($"{config.Source}: targets '{target.Name}': local.role must be api or workers (got '{role}')");
        }

        var data = target.DriverSettings.GetValueOrDefault("data") ?? config.Data;
        var cluster = new LocalClusterTarget(target.Name, role, Path.Combine(data, "cluster.json"), http);
        return new ScaledTarget(cluster, cluster);
    }
}
