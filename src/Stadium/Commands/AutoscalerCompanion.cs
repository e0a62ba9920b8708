using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Infra.Fleet;
using Stadium.Scaling;
using Stadium.Scaling.Config;

namespace Stadium.Commands;

/// <summary>
/// `up --cluster --autoscale FILE`: the autoscaler inside the supervisor. Its rounds start once the cluster is up, its
/// decisions are served at the control API's GET /decisions and its meter at the control API's /metrics; its
/// decisions.jsonl is the cluster's (the file's `data` is replaced by the cluster's folder).
/// </summary>
internal sealed class AutoscalerCompanion(AutoscaleConfig config) : IClusterCompanion
{
    /// <summary>The file, checked for a cluster on <paramref name="folder"/>: only `local` targets, none naming another cluster's folder.</summary>
    public static AutoscalerCompanion Load(string path, string folder)
    {
        AutoscaleConfig file;
        try
        {
            file = AutoscaleFileParser.Load(path);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--autoscale: {e.Message}");
        }

        foreach (var (target, index) in file.Targets.Select((t, i) => (t, i)))
        {
            if (target.Driver != "local")
            {
                throw new UsageException($"--autoscale: {path}: targets[{index}] ({target.Name}) uses driver '{target.Driver}'; up --cluster scales its own nodes, with driver 'local'");
            }

            if (target.DriverSettings.ContainsKey("data"))
            {
                throw new UsageException($"--autoscale: {path}: targets[{index}] ({target.Name}) names a cluster folder (local.data); inside up --cluster every target scales this cluster, so leave it out");
            }
        }

        return new AutoscalerCompanion(file with { Data = folder });
    }

    public string Describe(string controlUrl) =>
        $"Autoscaler: {string.Join(", ", config.Targets.Select(t => $"{t.Name} {t.MinReplicas}-{t.MaxReplicas}"))} every {config.Interval.TotalSeconds:0.#} s; "
        + $"decisions at {controlUrl}/decisions and in {config.DecisionsFile}";

    public void Register(IServiceCollection services) => services.AddAutoscaler(config, rounds: false);

    public void Map(WebApplication app) => app.MapAutoscaler();

    public Task RunAsync(IServiceProvider services, CancellationToken ct) => AutoscalerRegistration.RunRoundsAsync(services, ct);
}
