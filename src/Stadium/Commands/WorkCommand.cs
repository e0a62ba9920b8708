using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Stadium.Service;

namespace Stadium.Commands;

/// <summary>`stadium work`: queue workers as their own role; serves only /health and /metrics.</summary>
internal static class WorkCommand
{
    public static Command Create()
    {
        var port = CommonOptions.InRange(
            new Option<int>("--port") { Description = "Port on 127.0.0.1 for /health and /metrics (0 picks a free one).", DefaultValueFactory = _ => 8090 }, 0, 65535);
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("work", "Run queue workers (exports, announcements) against the configured store.") { port, data, config };
        command.SetAction(async (result, ct) =>
        {
            var app = WorkerHost.Build(new StadiumHostSettings(result.GetValue(port), result.GetValue(data), result.GetValue(config)));
            if (!await HostStart.TryStartAsync(app, ct))
            {
                return 1;
            }

            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        command.Subcommands.Add(JobsBenchCommand.Create());
        command.Subcommands.Add(DeadJobsCommand.Create());
        return command;
    }
}
