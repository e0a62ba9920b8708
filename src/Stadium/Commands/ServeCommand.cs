using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Stadium.Protection.Slo;
using Stadium.Service;

namespace Stadium.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var bind = new BindAddress(CommonOptions.Port());
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var noWorkers = NoWorkers();
        var slo = CommonOptions.Slo(SloUse);
        var command = new Command("serve", "Run one API node (on 127.0.0.1 unless --host or --urls say otherwise).") { data, config, noWorkers, slo };
        bind.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var urls = bind.Urls(result);
            BindAddress.EnsureFree(urls);
            // Without --no-workers, Stadium:Jobs:RunWorkers decides (by default: on SQLite yes, on PostgreSQL no).
            var settings = result.GetValue(noWorkers) ? new Dictionary<string, string?> { [WorkersKey] = "false" } : [];
            WithSlo(settings, result.GetValue(slo));
            var app = StadiumHost.Build(new StadiumHostSettings(DataFolder: result.GetValue(data), ConfigFile: result.GetValue(config), Settings: settings, Urls: urls));
            await HostStart.StartAsync(app, ct);
            NodeBanner.Write(app, "Stadium node is up.", sample: null, demoLogin: null);
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    public const string WorkersKey = "Stadium:Jobs:RunWorkers";

    /// <summary>What --slo does for a node, as its help says.</summary>
    public const string SloUse = "the node's deadlines and SLO metrics (default: the built-in copy of the repository's slo.yaml)";

    /// <summary>Points the node at the --slo file (Stadium:Slo:File), by full path: the node may resolve paths from elsewhere.</summary>
    public static void WithSlo(Dictionary<string, string?> settings, string? file)
    {
        if (file is not null)
        {
            settings[$"{SloOptions.Section}:{nameof(SloOptions.File)}"] = Path.GetFullPath(file);
        }
    }

    public static Option<bool> NoWorkers() => new("--no-workers")
    {
        Description = "Run no job workers in this node (exports and emails then wait for a `stadium work` process).",
    };
}
