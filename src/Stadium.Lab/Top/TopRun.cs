using Spectre.Console;

namespace Stadium.Lab.Top;

/// <summary>
/// <c>stadium top</c>'s loop: scrape, wait an interval, scrape again, show the table; repeat until <c>count</c> tables
/// were shown (0: until interrupted). On a terminal the table refreshes in place; in a pipe each refresh is printed as
/// plain lines (or one JSON document with --json).
/// </summary>
public sealed class TopRun(Uri target, TimeSpan interval, int count, bool json, TextWriter output, TimeProvider time) : IDisposable
{
    private readonly TopSource _source = new(target, time);

    public void Dispose() => _source.Dispose();

    /// <exception cref="TopTargetException">The target did not answer with its metrics.</exception>
    public async Task RunAsync(CancellationToken ct)
    {
        var before = await _source.ScrapeAsync(ct).ConfigureAwait(false);
        if (json || Console.IsOutputRedirected || output != Console.Out)
        {
            for (var shown = 0; count == 0 || shown < count; shown++)
            {
                (var table, before) = await NextAsync(before, ct).ConfigureAwait(false);
                await output.WriteLineAsync(json ? TopView.ToJson(table) : string.Join(Environment.NewLine, TopView.Lines(table)) + Environment.NewLine).ConfigureAwait(false);
                await output.FlushAsync(ct).ConfigureAwait(false);
            }

            return;
        }

        await AnsiConsole.Live(new Text($"reading {_source.Target} every {interval.TotalSeconds:0.#} s ...")).StartAsync(async live =>
        {
            for (var shown = 0; count == 0 || shown < count; shown++)
            {
                (var table, before) = await NextAsync(before, ct).ConfigureAwait(false);
                live.UpdateTarget(TopView.Render(table));
            }
        }).ConfigureAwait(false);
    }

    private async Task<(TopTable Table, Protection.Scraping.MetricsScrape Latest)> NextAsync(Protection.Scraping.MetricsScrape before, CancellationToken ct)
    {
        await Task.Delay(interval, time, ct).ConfigureAwait(false);
        var after = await _source.ScrapeAsync(ct).ConfigureAwait(false);
        return (TopCalculator.Compute(before, after, _source.Target.ToString().TrimEnd('/')), after);
    }
}
