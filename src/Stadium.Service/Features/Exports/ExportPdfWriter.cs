using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Stadium.Data;
using Stadium.Service.Features.Exports.Text;

namespace Stadium.Service.Features.Exports;

/// <summary>
/// Renders a profile and all its posts into a PDF. Posts are read page by page (keyset on the post id), so an
/// author with 100,000 posts never has more than one page of them in memory; the document itself holds only
/// the drawn pages' content.
/// </summary>
internal sealed class ExportPdfWriter(IUserStore users, IPostStore posts)
{
    private const int PostsPerRead = 200;

    /// <returns>How many posts were written.</returns>
    public async Task<int> WriteAsync(long userId, string path, DateTimeOffset generatedAt, CancellationToken ct)
    {
        EmbeddedFontResolver.Install();
        var user = await users.FindByIdAsync(userId, ct) ?? throw new InvalidOperationException($"User {userId} no longer exists.");
        using var document = new PdfDocument();
        document.Info.Title = $"@{user.Username} on Stadium";
        document.Info.Author = user.Username;
        var pages = new PageWriter(document);
        pages.Heading(string.IsNullOrEmpty(user.DisplayName) ? $"@{user.Username}" : $"{user.DisplayName} (@{user.Username})");
        if (user.Bio.Length > 0)
        {
            pages.Paragraph(user.Bio);
        }

        pages.Small($"{user.Followers} followers · {user.Following} following · {user.Posts} posts · joined {user.CreatedAt:yyyy-MM-dd} · exported {generatedAt:yyyy-MM-dd HH:mm} UTC");
        pages.Gap();

        var written = 0;
        long? before = null;
        while (true)
        {
            var batch = await posts.GetUserPostsAsync(userId, before, PostsPerRead, ct);
            foreach (var post in batch)
            {
                pages.Small($"#{post.Id} · {post.CreatedAt:yyyy-MM-dd HH:mm} UTC");
                pages.Paragraph(post.Text);
                pages.Gap();
            }

            written += batch.Count;
            if (batch.Count < PostsPerRead)
            {
                break;
            }

            before = batch[^1].Id;
            ct.ThrowIfCancellationRequested();
        }

        pages.Finish();
        // Write beside the target and rename: a crash mid-write never leaves a half file under the final name,
        // and a re-run replaces the file instead of adding a second one.
        var temporary = $"{path}.{Guid.NewGuid():n}.tmp";
        await document.SaveAsync(temporary);
        File.Move(temporary, path, overwrite: true);
        return written;
    }

    /// <summary>The last text-element boundary at or before <paramref name="index"/>; at least the first element's end.</summary>
    internal static int TextElementFloor(string text, int index)
    {
        var boundary = 0;
        while (boundary < text.Length)
        {
            var next = boundary + StringInfo.GetNextTextElementLength(text, boundary);
            if (next > index && boundary > 0)
            {
                break;
            }

            boundary = next;
        }

        return boundary;
    }

    /// <summary>Lays out wrapped lines top to bottom, starting a new page when one is full.</summary>
    private sealed class PageWriter(PdfDocument document)
    {
        private const double Margin = 50;
        private readonly FallbackFont _headingFont = new(18, XFontStyleEx.Bold);
        private readonly FallbackFont _bodyFont = new(10.5);
        private readonly FallbackFont _smallFont = new(8);
        private XGraphics? _graphics;
        private PdfPage? _page;
        private double _y;

        public void Heading(string text) => Lines(text, _headingFont, XBrushes.Black);

        public void Paragraph(string text) => Lines(text, _bodyFont, XBrushes.Black);

        public void Small(string text) => Lines(text, _smallFont, XBrushes.Gray);

        public void Gap() => _y += 8;

        public void Finish()
        {
            _graphics?.Dispose();
            _graphics = null;
        }

        private void Lines(string text, FallbackFont font, XBrush brush)
        {
            var graphics = EnsurePage();
            var width = _page!.Width.Point - (2 * Margin);
            var height = font.Height;
            foreach (var line in Wrap(graphics, text, font, width))
            {
                if (_y + height > _page.Height.Point - Margin)
                {
                    NewPage();
                    graphics = _graphics!;
                }

                font.Draw(graphics, line, brush, Margin, _y + (height * 0.8));
                _y += height;
            }
        }

        private XGraphics EnsurePage()
        {
            if (_graphics is null)
            {
                NewPage();
            }

            return _graphics!;
        }

        private void NewPage()
        {
            // Disposing the previous page's graphics closes its content stream.
            _graphics?.Dispose();
            _page = document.AddPage();
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }

        private static IEnumerable<string> Wrap(XGraphics graphics, string text, FallbackFont font, double width)
        {
            foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
            {
                var line = "";
                foreach (var word in paragraph.Split(' '))
                {
                    var candidate = line.Length == 0 ? word : $"{line} {word}";
                    if (font.Measure(graphics, candidate) <= width)
                    {
                        line = candidate;
                        continue;
                    }

                    if (line.Length > 0)
                    {
                        yield return line;
                    }

                    line = word;
                    // A word wider than the page is broken wherever it has to be, but between characters as a reader
                    // sees them: never inside a surrogate pair (an emoji), nor between a letter and its marks.
                    while (font.Measure(graphics, line) > width)
                    {
                        var fit = line.Length - 1;
                        while (fit > 1 && font.Measure(graphics, line[..fit]) > width)
                        {
                            fit = Math.Max(1, fit * 3 / 4);
                        }

                        fit = TextElementFloor(line, fit);
                        if (fit >= line.Length)
                        {
                            break; // one character wider than the page: drawn as it is
                        }

                        yield return line[..fit];
                        line = line[fit..];
                    }
                }

                yield return line;
            }
        }
    }
}
