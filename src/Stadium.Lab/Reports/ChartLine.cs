namespace Stadium.Lab.Reports;

/// <summary>One line of a chart: a label and its points (x = when the bucket ended, in seconds of the run).</summary>
/// <param name="ServiceTime">Service time from the actual send (uncorrected), drawn dashed beside the corrected lines.</param>
internal sealed record ChartLine(string Label, double[] Seconds, double[] Values, bool ServiceTime = false);
