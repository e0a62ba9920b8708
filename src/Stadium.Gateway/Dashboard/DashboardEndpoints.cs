using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Stadium.Gateway.Dashboard;

/// <summary>
/// The page, the kept snapshots as JSON (<c>/dashboard/snapshot?after=SEQ</c>) and the live stream
/// (<c>/dashboard/events</c>: Server-Sent Events, one <c>second</c> event per snapshot with its seq as the event id, the
/// kept history first; a reconnecting browser sends <c>Last-Event-ID</c> and gets only what it missed). Handlers only
/// await, never block.
/// </summary>
internal static class DashboardEndpoints
{
    // A gauge a node reports as NaN must not end the stream: it is written as "NaN", which the page treats as no value.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static IResult Page(DashboardHistory history, TimeProvider time)
    {
        history.Viewed(time.GetUtcNow());
        return Results.Text(DashboardPage.Html, "text/html; charset=utf-8");
    }

    public static IResult Snapshot(DashboardHistory history, TimeProvider time, long? after)
    {
        history.Viewed(time.GetUtcNow());
        return Results.Json(new { seconds = history.After(after ?? 0) }, Json);
    }

    public static async Task Events(DashboardHistory history, TimeProvider time, HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var ct = context.RequestAborted;
        var sent = long.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var last) ? last : 0;
        history.Viewed(time.GetUtcNow());
        history.StreamOpened();
        try
        {
            // The retry hint keeps a reconnect quick after a gateway restart; the comment opens the stream at once.
            await context.Response.WriteAsync("retry: 2000\n: stadium fleet dashboard\n\n", ct).ConfigureAwait(false);
            while (!ct.IsCancellationRequested)
            {
                var changed = history.Changed;
                foreach (var second in history.After(sent))
                {
                    var data = JsonSerializer.Serialize(second, Json);
                    await context.Response.WriteAsync(
                        string.Create(CultureInfo.InvariantCulture, $"id: {second.Seq}\nevent: second\ndata: {data}\n\n"), ct).ConfigureAwait(false);
                    sent = second.Seq;
                }

                await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                await changed.WaitAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page went away.
        }
        finally
        {
            history.StreamClosed();
        }
    }
}
