using System.CommandLine;
using Microsoft.Extensions.Hosting;
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
        var command = new Command("serve", "Run one API node (on 127.0.0.1 unless --host or --urls say otherwise).") { data, config, noWorkers };
        bind.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var urls = bind.Urls(result);
            BindAddress.EnsureFree(urls);
            // Without --no-workers, Stadium:Jobs:RunWorkers decides (by default: on SQLite yes, on PostgreSQL no).
            var settings = result.GetValue(noWorkers) ? new Dictionary<string, string?> { [WorkersKey] = "false" } : null;
            var app = StadiumHost.Build(new StadiumHostSettings(DataFolder: result.GetValue(data), ConfigFile: result.GetValue(config), Settings: settings, Urls: urls));
            await HostStart.StartAsync(app, ct);
            NodeBanner.Write(app, "Stadium node is up.", sample: null, demoLogin: null);
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    public const string WorkersKey = "Stadium:Jobs:RunWorkers";

    public static Option<bool> NoWorkers() => new("--no-workers")
    {
        Description = "Run no job workers in this node (exports and emails then wait for a `stadium work` process).",
    };
}
