namespace Stadium.Lab.Reports;

/// <summary>
/// Makes sure results.json and the report can be written before the run starts: a path that is a folder, or a
/// folder that cannot be created, must cost a message up front, not the results of a run that has already sent
/// its traffic.
/// </summary>
internal static class OutputPaths
{
    /// <exception cref="FormatException">A path names an existing folder.</exception>
    /// <exception cref="IOException">Its folder cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">Its folder may not be created.</exception>
    public static void Prepare(OutputOptions output)
    {
        Prepare(output.ResultsPath, "--out");
        Prepare(output.ReportPath, "--report");
    }

    /// <param name="option">The option that gave the path, as the message names it: "--out".</param>
    public static void Prepare(string? path, string option)
    {
        if (path is null)
        {
            return;
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new FormatException($"{option} '{path}' is a folder; give a file name.");
        }

        var folder = Path.GetDirectoryName(full);
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
    }
}
