namespace Stadium.Lab.Reports;

/// <summary>The lab's outputs for tools that run the lab in-process (`stadium chaos run`) and add to its results.</summary>
public static class LoadReports
{
    /// <summary>The self-contained HTML report, with <see cref="LoadResults.FaultBands"/> shaded on its charts.</summary>
    public static Task WriteHtmlAsync(LoadResults results, string path, CancellationToken ct) => HtmlReport.WriteAsync(results, path, ct);

    /// <summary>How results.json writes the lab's results (camelCase, indented), for files that embed them.</summary>
    public static System.Text.Json.JsonSerializerOptions JsonOptions => ResultsFile.Options;
}
