using System.Diagnostics;

namespace Stadium.Data.Providers;

/// <summary>
/// The data tier's trace source: one span per <see cref="IDatabase"/> call ("store read", "store write", ...), on every
/// backend. PostgreSQL's statements appear beneath it through Npgsql's own source ("Npgsql"). With no listener (tracing
/// off, the default) starting a span returns null and costs a check.
/// </summary>
public static class DataActivities
{
    public const string SourceName = "Stadium.Data";

    private static readonly ActivitySource Source = new(SourceName);

    internal static bool Enabled => Source.HasListeners();

    /// <param name="call">The <see cref="IDatabase"/> call: read, read up-to-date, read primary, write, write statement.</param>
    /// <param name="system">The engine, as OpenTelemetry names it (db.system.name): sqlite, postgresql.</param>
    internal static Activity? Start(string call, string system)
    {
        var activity = Source.StartActivity("store " + call, ActivityKind.Client);
        activity?.SetTag("db.system.name", system);
        return activity;
    }

    /// <summary>Runs a call that returns its task directly inside a span (async, so the span ends when the call does).</summary>
    internal static async Task<T> TraceAsync<T, TWork>(string call, string system, Func<TWork, CancellationToken, Task<T>> run, TWork work, CancellationToken ct)
    {
        using var activity = Start(call, system);
        try
        {
            return await run(work, ct);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }
}
