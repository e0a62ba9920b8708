namespace Stadium.Testing;

/// <summary>The repository the tests were built from: the folder holding Stadium.slnx above the test's output folder.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    /// <summary><paramref name="parts"/> joined under the repository.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Stadium.slnx")))
        {
            folder = folder.Parent;
        }

        Assert.NotNull(folder);
        return folder.FullName;
    }
}
