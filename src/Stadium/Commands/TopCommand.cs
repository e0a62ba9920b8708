using System.CommandLine;
using System.Globalization;
using Stadium.Lab.Top;

namespace Stadium.Commands;

/// <summary>
/// `stadium top`: the busiest endpoints of a node or the gateway, by requests per second over each interval, with their
/// share, p50/p99, bytes in and out and store and cache calls per request, read from the target's /metrics.
/// </summary>
internal static class TopCommand
{
    public static Command Create()
    {
        var target = new Option<string>("--target")
        {
            Description = "A node's or the gateway's address (its /metrics is read).",
            DefaultValueFactory = _ => "http://127.0.0.1:8080",
            HelpName = "URL",
        };
        target.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && !(Uri.TryCreate(token.Value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            {
                result.AddError($"--target: '{token.Value}' is not an http:// or https:// address");
            }
        });
        var once = new Option<bool>("--once") { Description = "Show one table (after one interval) and exit." };
        var json = new Option<bool>("--json") { Description = "Print each table as a JSON document (keys in docs/fleet.md) instead of a table." };
        var interval = new Option<double>("--interval") { Description = "Seconds between the two scrapes a table compares.", DefaultValueFactory = _ => 2, HelpName = "S" };
        interval.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is not (>= 0.1 and <= 3600))
            {
                result.AddError($"--interval must be from 0.1 to 3600 seconds (got {token.Value})");
            }
        });
        var count = CommonOptions.InRange(new Option<int>("--count") { Description = "Tables to show before exiting (0: until Ctrl+C).", DefaultValueFactory = _ => 0, HelpName = "N" }, 0, 1_000_000);
        var command = new Command("top", "The busiest endpoints of a node or the gateway, live: volume, share, p50/p99, bytes in/out, store and cache calls per request.")
        {
            target, once, json, interval, count,
        };
        command.SetAction(async (result, ct) =>
        {
            var shown = result.GetValue(count);
            if (result.GetValue(once) && result.GetResult(count) is { Implicit: false } && shown != 1)
            {
                throw new UsageException("--once shows one table; leave out --count or give --count 1");
            }

            using var run = new TopRun(
                new Uri(result.GetValue(target)!),
                TimeSpan.FromSeconds(result.GetValue(interval)),
                result.GetValue(once) ? 1 : shown,
                result.GetValue(json),
                Console.Out,
                TimeProvider.System);
            await run.RunAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
