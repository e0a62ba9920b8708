using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;
using Stadium.Service.Features.Exports.Text;

namespace Stadium.Service.Tests;

/// <summary>PDF exports draw what users post: emoji, CJK and right-to-left text get real glyphs from the shipped fonts.</summary>
public sealed partial class ExportTextTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    private const string Mixed = "Latin 👍 你好 日本語 שלום مرحبا ✓ done";

    [Fact]
    public async Task An_export_of_emoji_cjk_and_right_to_left_text_embeds_a_glyph_for_every_character()
    {
        using var user = await node.NewUserAsync();
        await PostsTests.CreatePost(user, Mixed);

        var id = (await ApiAssert.Json(await user.Client.PostAsync("/v1/exports", null), HttpStatusCode.Accepted)).GetProperty("id").GetInt64();
        await ExportsTests.WaitForStatus(user.Client, $"/v1/exports/{id}", "completed");
        var pdf = await user.Client.GetByteArrayAsync($"/v1/exports/{id}/file");

        var glyphs = EmbeddedGlyphs(pdf);
        // Arabic is drawn in its joined presentation forms, so those are the characters the fonts must have.
        foreach (var rune in ArabicShaping.Apply(Mixed).EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r)))
        {
            Assert.True(glyphs.TryGetValue(rune.Value, out var found), $"U+{rune.Value:X4} ({rune}) is in no embedded font's ToUnicode map");
            Assert.True(found.Glyph != 0, $"U+{rune.Value:X4} ({rune}) is drawn as .notdef in {found.Font}");
        }

        // Font names as the fonts give them (BaseFont, after the subset tag).
        Assert.EndsWith("+Noto Sans Symbols2 Regular", glyphs["👍".EnumerateRunes().First().Value].Font, StringComparison.Ordinal);
        Assert.EndsWith("+Droid Sans Fallback", glyphs['你'].Font, StringComparison.Ordinal);
        Assert.EndsWith("+DejaVu Sans", glyphs['L'].Font, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_of_emoji_wider_than_the_page_is_broken_between_characters_and_exported()
    {
        // No spaces, so the line must be broken inside the word: by UTF-16 index it split an emoji's surrogate pair and
        // every attempt of the export failed.
        using var user = await node.NewUserAsync();
        var word = string.Concat(Enumerable.Repeat("😀", 60)) + string.Concat(Enumerable.Repeat("e\u0301", 80));
        await PostsTests.CreatePost(user, word);

        var id = (await ApiAssert.Json(await user.Client.PostAsync("/v1/exports", null), HttpStatusCode.Accepted)).GetProperty("id").GetInt64();
        await ExportsTests.WaitForStatus(user.Client, $"/v1/exports/{id}", "completed");

        var glyphs = EmbeddedGlyphs(await user.Client.GetByteArrayAsync($"/v1/exports/{id}/file"));
        Assert.True(glyphs.ContainsKey("😀".EnumerateRunes().First().Value), "the emoji is in no embedded font");
    }

    [Theory]
    [InlineData("abc", 2, 2)]
    [InlineData("a😀b", 2, 1)] // inside the pair: back to before it
    [InlineData("a😀b", 3, 3)]
    [InlineData("😀😀", 1, 2)] // the first character is kept whole even when the index falls inside it
    [InlineData("e\u0301e\u0301", 1, 2)] // a letter and its mark stay together
    [InlineData("e\u0301e\u0301", 3, 2)]
    public void A_break_falls_between_characters_as_a_reader_sees_them(string text, int index, int expected) =>
        Assert.Equal(expected, Features.Exports.ExportPdfWriter.TextElementFloor(text, index));

    [Fact]
    public void Each_character_goes_to_the_first_font_with_a_glyph_for_it()
    {
        var runs = FontRuns.Split("Hi 👍\uFE0F 你好 שלום");
        Assert.Equal("Symbola.ttf", FontRuns.Split("🦄").Single().Font.File);
        Assert.Equal(["Hi ", "👍 ", "你好 ", "שלום"], runs.Select(r => r.Text));
        Assert.Equal(["DejaVuSans.ttf", "NotoSansSymbols2-Regular.ttf", "DroidSansFallbackFull.ttf", "DejaVuSans.ttf"], runs.Select(r => r.Font.File));
        Assert.All(runs, run => Assert.All(run.Text.EnumerateRunes(), rune => Assert.True(run.Font.Covers(rune.Value), $"{run.Font.File} lacks U+{rune.Value:X4}")));
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("שלום", "םולש")]
    [InlineData("say שלום עולם now", "say םלוע םולש now")]
    [InlineData("שלום abc 123 עולם", "םלוע abc 123 םולש")]
    [InlineData("مرحبا!", "!ابحرم")]
    public void Right_to_left_runs_are_laid_out_in_visual_order(string logical, string visual) =>
        Assert.Equal(visual, VisualOrder.Apply(logical));

    [Theory]
    [InlineData("مرحبا", "\uFEE3\uFEAE\uFEA3\uFE92\uFE8E")] // meem initial, reh final, hah initial, beh medial, alef final
    [InlineData("سلام", "\uFEB3\uFEFC\uFEE1")] // seen initial, lam-alef final, meem isolated
    [InlineData("لا", "\uFEFB")]
    [InlineData("بِب", "\uFE91\u0650\uFE90")] // a mark between two letters does not break their join
    [InlineData("abc ب", "abc \uFE8F")]
    public void Arabic_letters_take_their_joined_forms(string logical, string shaped) =>
        Assert.Equal(shaped, ArabicShaping.Apply(logical));

    /// <summary>Code point to (font, glyph id), from the ToUnicode maps of every font embedded in the document.</summary>
    private static Dictionary<int, (string Font, int Glyph)> EmbeddedGlyphs(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var glyphs = new Dictionary<int, (string Font, int Glyph)>();
        foreach (var page in document.Pages)
        {
            var fonts = page.Resources.Elements.GetDictionary("/Font");
            Assert.NotNull(fonts);
            foreach (var name in fonts.Elements.Keys)
            {
                var font = (PdfDictionary)((PdfReference)fonts.Elements[name]!).Value;
                var baseFont = font.Elements.GetName("/BaseFont");
                var map = font.Elements.GetDictionary("/ToUnicode");
                Assert.True(map?.Stream is not null, $"{baseFont} has no ToUnicode map");
                var cmap = Encoding.ASCII.GetString(map.Stream.UnfilteredValue);
                foreach (Match range in BfRange().Matches(cmap))
                {
                    var first = Hex(range.Groups[1].Value);
                    var last = Hex(range.Groups[2].Value);
                    var code = CodePoint(range.Groups[3].Value);
                    for (var glyph = first; glyph <= last; glyph++, code++)
                    {
                        glyphs.TryAdd(code, (baseFont, glyph));
                    }
                }

                foreach (Match single in BfChar().Matches(cmap))
                {
                    glyphs.TryAdd(CodePoint(single.Groups[2].Value), (baseFont, Hex(single.Groups[1].Value)));
                }
            }
        }

        return glyphs;
    }

    private static int Hex(string hex) => int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>UTF-16BE as the PDF specification has it; PDFsharp writes a code point beyond U+FFFF as its plain hex value.</summary>
    private static int CodePoint(string hex) =>
        hex.Length % 4 == 0 ? char.ConvertToUtf32(Encoding.BigEndianUnicode.GetString(Convert.FromHexString(hex)), 0) : Hex(hex);

    [GeneratedRegex(@"^[ \t]*<([0-9A-Fa-f]+)>[ \t]*<([0-9A-Fa-f]+)>[ \t]*<([0-9A-Fa-f]+)>[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex BfRange();

    [GeneratedRegex(@"^[ \t]*<([0-9A-Fa-f]+)>[ \t]*<([0-9A-Fa-f]+)>[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex BfChar();
}
