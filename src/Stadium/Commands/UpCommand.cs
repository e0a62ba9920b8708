using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Stadium.Data.Providers;
using Stadium.Data.Seeding;
using Stadium.Service;

namespace Stadium.Commands;

internal static class UpCommand
{
    public static Command Create()
    {
        var port = CommonOptions.Port();
        var data = CommonOptions.Data();
        var users = CommonOptions.Users();
        var config = CommonOptions.Config();
        var command = new Command("up", "The main job: seed demo data (once) and run one API node on the embedded default.") { port, data, users, config };
        command.SetAction(async (result, ct) =>
        {
            var folder = result.GetValue(data)!;
            var options = StadiumConfiguration.Load(folder, result.GetValue(config));
            // The banner names the accounts that exist: a reused data folder keeps its own population.
            if (await SeedCommand.SeedAsync(options, result.GetValue(users), 10, ct) is not { } seed)
            {
                return 1;
            }

            if (seed.AlreadySeeded && seed.Users != result.GetValue(users) && result.GetResult(users) is { Implicit: false })
            {
                var provider = DataProviders.Get(options.Store.Provider);
                AnsiConsole.MarkupLine($"[yellow]--users {result.GetValue(users):N0} ignored: {provider.PopulationHolder} already holds {seed.Users:N0} users. Use {provider.FreshStoreHint} to seed a different population.[/]");
            }

            var app = StadiumHost.Build(new StadiumHostSettings(result.GetValue(port), folder, result.GetValue(config)));
            if (!await HostStart.TryStartAsync(app, ct))
            {
                return 1;
            }

            var address = app.Address().ToString().TrimEnd('/');
            AnsiConsole.MarkupLine($"""

                [bold green]Stadium is up.[/]
                  API          {address}/v1
                  OpenAPI      {address}/openapi/v1.json
                  Docs         {address}/docs
                  Metrics      {address}/metrics
                  Health       {address}/health/ready
                  Demo login   user1 .. user{seed.Users} / {SeedOptions.DemoPassword}
                Press Ctrl+C to stop.
                """);
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
