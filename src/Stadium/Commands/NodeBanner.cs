using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Stadium.Data.Providers;
using Stadium.Jobs.Worker;
using Stadium.Service;

namespace Stadium.Commands;

/// <summary>
/// What a started node tells its user, printed once it answers (never before): what it runs on (store, cache),
/// whether it runs the job workers, and URLs that answer as printed.
/// </summary>
internal static class NodeBanner
{
    /// <param name="sample">A public read that answers on this node's data (up's seeded accounts), or null.</param>
    /// <param name="demoLogin">The seeded accounts' login line, or null.</param>
    public static void Write(WebApplication app, string title, string? sample, string? demoLogin)
    {
        var stadium = StadiumOptions.From(app.Configuration);
        var store = DataProviders.Get(stadium.Store.Provider).Describe(stadium.Store, stadium.DataFolder);
        // A Redis configuration may carry a password after the first comma; the address is enough here.
        var cache = stadium.Redis.Enabled ? $"in-process + Redis {stadium.Redis.Configuration.Split(',')[0]}" : "in-process";
        var workers = app.Services.GetService<JobWorker>() is not null
            ? "run in this process (exports, announcements)"
            : "none in this process: run `stadium work` beside it, or jobs stay queued";
        var listening = app.Address();
        var address = Reachable(listening);

        // Plain lines after the title: redirected output (a service log) must not wrap a URL at 80 columns.
        var lines = new List<string>
        {
            $"  Store        {store}",
            $"  Cache        {cache}",
            $"  Job workers  {workers}",
        };
        if (address != listening)
        {
            lines.Add($"  Listening    {listening.ToString().TrimEnd('/')} (every interface)");
        }

        if (sample is not null)
        {
            lines.Add($"  Try          {address}{sample.TrimStart('/')}");
        }

        lines.Add($"  OpenAPI      {address}openapi/v1.json");
        lines.Add($"  Docs         {address}docs/");
        lines.Add($"  Health       {address}health/ready");
        lines.Add($"  Metrics      {address}metrics");
        if (demoLogin is not null)
        {
            lines.Add($"  Demo login   {demoLogin}");
        }

        lines.Add("Press Ctrl+C to stop.");
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine($"[bold green]{Markup.Escape(title)}[/]");
        Console.WriteLine(string.Join('\n', lines));
    }

    /// <summary>A wildcard listener (0.0.0.0, [::]) is reached on this machine through loopback.</summary>
    private static Uri Reachable(Uri listening) =>
        listening.Host is "0.0.0.0" or "[::]" or "::" ? new UriBuilder(listening) { Host = "127.0.0.1" }.Uri : listening;
}
