using System.Text.RegularExpressions;
using Stadium.Testing;

namespace Stadium.Lab.Tests;

/// <summary>
/// A clone of the repository is all a reader has: no file may send them to a design note kept outside it. The
/// reasoning lives in docs/ (capacity.md for the traffic math).
/// </summary>
public sealed partial class SelfContainedDocsTests
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

    [Fact]
    public void Every_relative_link_in_the_documentation_reaches_a_file_of_the_repository()
    {
        var pages = Files(new DirectoryInfo(Repository.Root)).Where(f => f.Extension == ".md").ToArray();
        var broken = pages
            .SelectMany(page => RelativeLink().Matches(File.ReadAllText(page.FullName)).Select(link => (Page: page, Target: link.Groups["target"].Value)))
            .Where(link => !Path.Exists(Path.Combine(link.Page.DirectoryName!, link.Target)))
            .Select(link => $"{Path.GetRelativePath(Repository.Root, link.Page.FullName)}: {link.Target}")
            .ToArray();

        Assert.Contains(pages, p => p.Name == "capacity.md");
        Assert.True(broken.Length == 0, string.Join('\n', broken));
    }

    private static IEnumerable<FileInfo> Files(DirectoryInfo folder) =>
        folder.EnumerateFiles().Concat(folder.EnumerateDirectories().Where(d => !NotSource.Contains(d.Name)).SelectMany(Files));

    /// <summary>A Markdown link to a path (not a URL, not an anchor on the same page), without its #anchor.</summary>
    [GeneratedRegex(@"\]\((?<target>[^)#:\s]+)(#[^)]*)?\)")]
    private static partial Regex RelativeLink();
}
