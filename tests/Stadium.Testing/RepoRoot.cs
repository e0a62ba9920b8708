namespace Stadium.Testing;

/// <summary>The checkout the tests were built from: the nearest folder above the test output holding Stadium.slnx.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    /// <summary><paramref name="parts"/> joined under the checkout.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "Stadium.slnx")))
        {
            folder = folder.Parent;
        }

        Assert.True(folder is not null, $"no Stadium.slnx above {AppContext.BaseDirectory}");
        return folder!.FullName;
    }
}
