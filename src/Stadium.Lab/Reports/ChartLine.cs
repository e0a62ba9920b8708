namespace Stadium.Lab.Reports;

/// <summary>One line of a chart: a label and its points (x = when the bucket ended, in seconds of the run).</summary>
internal sealed record ChartLine(string Label, double[] Seconds, double[] Values);
