using System.Globalization;
using Stadium.Lab.Execution;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Reports;

/// <summary>
/// The live display, once a second: elapsed and time left, the phase, arrivals started per second against the
/// schedule's rate (or the users the schedule runs), completions per second, in flight, p99 and errors,
/// in that order so an 80-column terminal shows what matters most; the running totals come last. On a terminal it
/// rewrites itself in place; redirected (CI logs) it prints every fifth second so logs stay readable.
/// </summary>
/// <param name="terminalWidth">Columns of the terminal. A rewritten line must fit in one row: "\r" only returns to the
/// start of the last row, so a wider line would wrap and leave a new row on the screen every second. The line is cut
/// to fit and padded so a shorter line clears what the previous one left.</param>
/// <param name="phases">The run's phases, for the phase name and its target rate; none: the line leaves them out.</param>
/// <param name="plannedLength">When the run stops at the latest (its phases, or the duration cap): time left never goes past it.</param>
internal sealed class ProgressLine(
    TextWriter output, bool interactive, int terminalWidth = ProgressLine.UnknownWidth, IReadOnlyList<PhasePlan>? phases = null, TimeSpan? plannedLength = null)
{
    /// <summary>Assumed when the terminal does not say: the line is printed whole, however wide.</summary>
    public const int UnknownWidth = 0;

    private long _requests;
    private long _errors;
    private long _shed;
    private long _started;

    public void Update(SecondBucket second, LoadMeasurements measurements)
    {
        _requests += second.Requests;
        _errors += second.Errors;
        _shed += second.Shed;
        var started = measurements.StartedIterations;
        var startedPerSecond = second.DurationSeconds <= 0 ? 0 : (started - _started) / second.DurationSeconds;
        _started = started;
        var line = Line(second, measurements, startedPerSecond);
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

    private string Line(SecondBucket second, LoadMeasurements measurements, double startedPerSecond)
    {
        var elapsed = TimeSpan.FromSeconds(second.Second - 1 + second.DurationSeconds);
        var text = string.Create(CultureInfo.InvariantCulture, $"t={second.Second,3}s");
        if (plannedLength is { } planned)
        {
            text += " left=" + Clock(Left(planned, elapsed, measurements));
        }

        text += PhasePart(measurements, elapsed, startedPerSecond);
        text += string.Create(CultureInfo.InvariantCulture,
            $" req={second.RequestsPerSecond:N0}/s inflight={measurements.InFlight:N0} p99={second.P99Ms:0.00}ms err={second.ErrorsPerSecond:N0}/s dropped={measurements.DroppedIterations:N0}");
        text += string.Create(CultureInfo.InvariantCulture, $" (total {_errors:N0} errors") + (_shed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {_shed:N0} shed") : "")
            + string.Create(CultureInfo.InvariantCulture, $" of {_requests:N0})");
        return text;
    }

    private string PhasePart(LoadMeasurements measurements, TimeSpan elapsed, double startedPerSecond)
    {
        var index = measurements.CurrentPhase;
        if (phases is null || index < 0 || index >= phases.Count)
        {
            return "";
        }

        var phase = phases[index];
        var intoPhase = elapsed - measurements.CurrentPhaseStartedAt;
        var name = phases.Count == 1 ? $" {phase.Name}" : $" {phase.Name} {index + 1}/{phases.Count}";
        if (intoPhase >= phase.Duration)
        {
            // The schedule is done; the phase waits (up to its graceful stop) for the iterations still running.
            return name + " finishing";
        }

        return phase.IsOpen
            ? name + string.Create(CultureInfo.InvariantCulture, $" arrivals={startedPerSecond:N0}/{phase.Arrivals!.RateAt(intoPhase):N0}/s")
            : name + string.Create(CultureInfo.InvariantCulture, $" users={phase.Users!.UsersAt(intoPhase):N0}");
    }

    /// <summary>
    /// Time left: the rest of the current phase's schedule and the later phases', from when the current phase really
    /// began (a phase waiting for its last iterations pushes the rest back), never past the run's hard stop.
    /// </summary>
    private TimeSpan Left(TimeSpan planned, TimeSpan elapsed, LoadMeasurements measurements)
    {
        var left = planned - elapsed;
        var index = measurements.CurrentPhase;
        if (phases is not null && index >= 0 && index < phases.Count)
        {
            var intoPhase = elapsed - measurements.CurrentPhaseStartedAt;
            var rest = phases[index].Duration - intoPhase;
            var scheduled = (rest > TimeSpan.Zero ? rest : TimeSpan.Zero) + TimeSpan.FromTicks(phases.Skip(index + 1).Sum(p => p.Duration.Ticks));
            left = scheduled < left ? scheduled : left;
        }

        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static string Clock(TimeSpan t) =>
        t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");

    // One column short of the width: writing into the last column makes some terminals wrap at once.
    private string FitToRow(string line) =>
        terminalWidth <= 1 ? line : line.Length >= terminalWidth - 1 ? line[..(terminalWidth - 1)] : line.PadRight(terminalWidth - 1);
}
