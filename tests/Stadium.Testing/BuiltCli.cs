namespace Stadium.Testing;

/// <summary>
/// The `stadium` CLI built beside a test project (same configuration and framework), for tests that run it as
/// its own process the way a user does. A test project that uses it references src/Stadium with
/// <c>ReferenceOutputAssembly="false"</c>, so the CLI is built first without becoming part of the tests.
/// </summary>
public static class BuiltCli
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var path = System.IO.Path.Combine(Repository.Root, "src", "Stadium", "bin", output.Parent!.Name, output.Name, "stadium.dll");
        Assert.True(File.Exists(path), $"stadium CLI not built at {path}");
        return path;
    }
}
