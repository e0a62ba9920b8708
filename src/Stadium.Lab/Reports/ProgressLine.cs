using System.Globalization;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Reports;

/// <summary>
/// The live display: one line a second with rate, in flight, p99, errors and dropped arrivals (in that order, so an
/// 80-column terminal shows them all; the running totals come last). On a terminal it rewrites itself in place;
/// redirected (CI logs) it prints every fifth second so logs stay readable.
/// </summary>
/// <param name="terminalWidth">Columns of the terminal. A rewritten line must fit in one row: "\r" only returns to the
/// start of the last row, so a wider line (the full one is over 100 columns) would wrap and leave a new row on the
/// screen every second. The line is cut to fit and padded so a shorter line clears what the previous one left.</param>
internal sealed class ProgressLine(TextWriter output, bool interactive, int terminalWidth = ProgressLine.UnknownWidth)
{
    /// <summary>Assumed when the terminal does not say: the line is printed whole, however wide.</summary>
    public const int UnknownWidth = 0;

    private long _requests;
    private long _errors;

    public void Update(SecondBucket second, LoadMeasurements measurements)
    {
        _requests += second.Requests;
        _errors += second.Errors;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"t={second.Second,4}s rate={second.RequestsPerSecond,7:N0}/s in flight={measurements.InFlight,5:N0} p99={second.P99Ms,7:0.00}ms errors={second.ErrorsPerSecond,5:N0}/s dropped={measurements.DroppedIterations:N0} (total {_errors:N0} errors of {_requests:N0})");
        if (interactive)
        {
            output.Write("\r" + FitToRow(line));
        }
        else if (second.Second % 5 == 0)
        {
            output.WriteLine(line);
        }
    }

    public void Finish()
    {
        if (interactive)
        {
            output.WriteLine();
        }
    }

    /// <summary>The terminal's columns, or <see cref="UnknownWidth"/> when there is no terminal to ask.</summary>
    public static int TerminalWidth()
    {
        try
        {
            return Math.Max(UnknownWidth, Console.WindowWidth);
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException)
        {
            return UnknownWidth;
        }
    }

    // One column short of the width: writing into the last column makes some terminals wrap at once.
    private string FitToRow(string line) =>
        terminalWidth <= 1 ? line : line.Length >= terminalWidth - 1 ? line[..(terminalWidth - 1)] : line.PadRight(terminalWidth - 1);
}
