using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Stadium.Service;

namespace Stadium.Commands;

/// <summary>`stadium work`: queue workers as their own role; serves only /health and /metrics.</summary>
internal static class WorkCommand
{
    public static Command Create()
    {
        var bind = new BindAddress(CommonOptions.Port(8090, "/health and /metrics"));
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("work", "Run queue workers (exports, announcements) against the configured store.") { data, config };
        bind.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            // Before a worker claims anything: a taken port must not leave a worker running on the store.
            var urls = bind.Urls(result);
            BindAddress.EnsureFree(urls);
            var app = WorkerHost.Build(new StadiumHostSettings(DataFolder: result.GetValue(data), ConfigFile: result.GetValue(config), Urls: urls));
            await HostStart.StartAsync(app, ct);
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(JobsBenchCommand.Create());
        command.Subcommands.Add(DeadJobsCommand.Create());
        return command;
    }
}
