using Stadium.Testing;

namespace Stadium.Lab.Tests;

/// <summary>
/// A clone of the repository is all a reader has: no file may send them to a design note kept outside it. The
/// reasoning lives in docs/ (capacity.md for the traffic math).
/// </summary>
public sealed class SelfContainedDocsTests
{
    /// <summary>Built from parts, so this file does not trip its own test.</summary>
    private static readonly string[] OutsideReferences = ["DESIGN" + ".md", "../" + "shared"];

    /// <summary>Build output, and what git ignores as made at run time (data folders, test results, bench output).</summary>
    private static readonly string[] NotSource = [".git", "bin", "obj", ".data", "TestResults", "out", "node_modules", ".vs"];

    [Fact]
    public void No_file_in_the_repository_mentions_a_design_note_outside_it()
    {
        var files = Files(new DirectoryInfo(Repository.Root)).ToArray();
        var mentions = files
            .SelectMany(f => File.ReadLines(f.FullName).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => OutsideReferences.Any(r => l.Text.Contains(r, StringComparison.OrdinalIgnoreCase)))
            .Select(l => $"{Path.GetRelativePath(Repository.Root, l.File.FullName)}:{l.Line}: {l.Text.Trim()}")
            .ToArray();

        Assert.Contains(files, f => f.Name == "README.md");
        Assert.True(mentions.Length == 0, string.Join('\n', mentions));
    }

    private static IEnumerable<FileInfo> Files(DirectoryInfo folder) =>
        folder.EnumerateFiles().Concat(folder.EnumerateDirectories().Where(d => !NotSource.Contains(d.Name)).SelectMany(Files));
}
