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

    /// <summary>
    /// A link's #anchor (README's `docs/chaos.md#faults`, a page's own `#retention`) names a heading of the page it points
    /// at, as GitHub spells heading anchors: lower case, punctuation dropped, spaces as hyphens, -1, -2 for repeats.
    /// </summary>
    [Fact]
    public void Every_anchor_in_a_documentation_link_names_a_heading_of_its_page()
    {
        var pages = Files(new DirectoryInfo(Repository.Root)).Where(f => f.Extension == ".md").ToArray();
        var links = pages
            .SelectMany(page => AnchoredLink().Matches(Prose(File.ReadAllText(page.FullName)))
                .Select(link => (Page: page, Target: link.Groups["target"].Value, Anchor: link.Groups["anchor"].Value)))
            .Select(link => (link.Page, link.Target, link.Anchor, Path: link.Target.Length == 0 ? link.Page.FullName : Path.Combine(link.Page.DirectoryName!, link.Target)))
            .Where(link => link.Path.EndsWith(".md", StringComparison.Ordinal) && File.Exists(link.Path))
            .ToArray();
        var broken = links
            .Where(link => !HeadingAnchors(link.Path).Contains(link.Anchor))
            .Select(link => $"{Path.GetRelativePath(Repository.Root, link.Page.FullName)}: {link.Target}#{link.Anchor}")
            .ToArray();

        Assert.Contains(links, l => l.Target == "docs/chaos.md" && l.Anchor == "faults");
        Assert.True(broken.Length == 0, string.Join('\n', broken));
    }

    private static HashSet<string> HeadingAnchors(string page)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(Prose(File.ReadAllText(page))))
        {
            var text = MarkdownLink().Replace(heading.Groups["text"].Value.Replace("`", "", StringComparison.Ordinal), "${text}");
            var slug = new string([.. text.Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')]).Replace(' ', '-');
            var unique = slug;
            for (var repeat = 1; !anchors.Add(unique); repeat++)
            {
                unique = $"{slug}-{repeat}";
            }
        }

        return anchors;
    }

    /// <summary>The page without its fenced code blocks, where neither links nor headings count.</summary>
    private static string Prose(string page) => FencedBlock().Replace(page, "");

    private static IEnumerable<FileInfo> Files(DirectoryInfo folder) =>
        folder.EnumerateFiles().Concat(folder.EnumerateDirectories().Where(d => !NotSource.Contains(d.Name)).SelectMany(Files));

    /// <summary>A Markdown link to a path (not a URL, not an anchor on the same page), without its #anchor.</summary>
    [GeneratedRegex(@"\]\((?<target>[^)#:\s]+)(#[^)]*)?\)")]
    private static partial Regex RelativeLink();

    /// <summary>A Markdown link to a path or to this page, with its #anchor.</summary>
    [GeneratedRegex(@"\]\((?<target>[^)#:\s]*)#(?<anchor>[^)\s]+)\)")]
    private static partial Regex AnchoredLink();

    /// <summary>An ATX heading; closing hashes (after a space) are not part of its text.</summary>
    [GeneratedRegex(@"^#{1,6}[ \t]+(?<text>.*?)(?:[ \t]+#+)?[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    /// <summary>A link inside a heading, which GitHub's anchor spells by its text.</summary>
    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    /// <summary>A fenced code block, fences included.</summary>
    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
