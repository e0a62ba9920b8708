namespace Stadium.Protection.Settings;

/// <summary>A file Stadium reads (a YAML file, a scenario, a ledger), checked the way its readers report it.</summary>
public static class InputFile
{
    /// <summary>
    /// .NET reads a folder as "Access to the path is denied", which sends a user to check permissions; this says what
    /// is wrong instead.
    /// </summary>
    /// <param name="what">How the message names the file: "the SLO file", "the ledger".</param>
    /// <exception cref="FormatException"><paramref name="path"/> is a folder.</exception>
    public static void RefuseFolder(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new FormatException($"{path}: cannot read {what} (it is a folder, not a file)");
        }
    }
}
