using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Stadium.Commands;

/// <summary>
/// Lab tool: a bare Kestrel endpoint (`GET /json`), the ceiling every benchmark compares against in
/// the same run, because this machine is shared and absolute numbers drift.
/// </summary>
internal static class CeilingCommand
{
    public static Command Create()
    {
        var port = CommonOptions.Port(what: "the endpoint on 127.0.0.1");
        var command = new Command("ceiling", "Serve a bare Kestrel /json endpoint on 127.0.0.1 (benchmark baseline).") { port };
        command.Hidden = true;
        command.SetAction(async (result, ct) =>
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{result.GetValue(port)}");
            var app = builder.Build();
            app.MapGet("/json", () => TypedResults.Json(new Greeting("Hello, World!"), CeilingJson.Default.Greeting));
            await app.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
