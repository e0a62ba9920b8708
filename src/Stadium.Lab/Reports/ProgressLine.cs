using System.Globalization;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Reports;

/// <summary>
/// The live display: one line a second with rate, in flight, p99 and errors. On a terminal it rewrites
/// itself in place; redirected (CI logs) it prints every fifth second so logs stay readable.
/// </summary>
public sealed class ProgressLine(TextWriter output, bool interactive)
{
    private long _requests;
    private long _errors;

    public void Update(SecondBucket second, LoadMeasurements measurements)
    {
        _requests += second.Requests;
        _errors += second.Errors;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"t={second.Second,4}s  rate={second.RequestsPerSecond,8:N0}/s  in flight={measurements.InFlight,6:N0}  p99={second.P99Ms,8:0.00} ms  errors={second.ErrorsPerSecond,6:N0}/s (total {_errors:N0} of {_requests:N0})  dropped={measurements.DroppedIterations:N0}");
        if (interactive)
        {
            output.Write("\r" + line);
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
}
