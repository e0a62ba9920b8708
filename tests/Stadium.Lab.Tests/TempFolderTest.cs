namespace Stadium.Lab.Tests;

/// <summary>A test class that writes files: each test gets a fresh folder under the temp path, deleted afterwards.</summary>
public abstract class TempFolderTest : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("stadium-lab-test-").FullName;

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
