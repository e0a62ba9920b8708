using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Stadium.Service;

namespace Stadium.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var port = CommonOptions.Port();
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("serve", "Run one API node (Kestrel on 127.0.0.1).") { port, data, config };
        command.SetAction(async (result, ct) =>
        {
            var app = StadiumHost.Build(new StadiumHostSettings(result.GetValue(port), result.GetValue(data), result.GetValue(config)));
            if (!await HostStart.TryStartAsync(app, ct))
            {
                return 1;
            }

            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
