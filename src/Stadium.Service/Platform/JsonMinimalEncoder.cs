using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace Stadium.Service.Platform;

/// <summary>
/// Escapes only what JSON itself requires (RFC 8259 7: the quotation mark, the reverse solidus and control characters
/// below U+0020), so every other character, emoji included, is written as raw UTF-8. The framework's encoders escape
/// characters outside the Basic Multilingual Plane even when "relaxed" (an emoji became <c>\uD83D\uDC4D</c> while
/// accented letters were raw). This is safe because the API only answers <c>application/json</c>, never HTML or
/// script: nothing HTML-sensitive (&lt;, &gt;, &amp;, ') is escaped. Text that is not valid Unicode (a lone surrogate,
/// malformed UTF-8) becomes <c>\uFFFD</c>, so the output is always valid UTF-8; U+FFFD itself is written that way too,
/// because the framework copies an invalid character as it stands unless the replacement character is one it escapes.
/// </summary>
internal sealed class JsonMinimalEncoder : JavaScriptEncoder
{
    public static readonly JsonMinimalEncoder Instance = new();

    private const int Replacement = 0xFFFD;
    private static readonly SearchValues<char> Utf16Attention = SearchValues.Create([.. Attention(0xD800, 0xE000), (char)Replacement]);
    private static readonly SearchValues<byte> Utf8Attention = SearchValues.Create(Attention(0x80, 0x100).Select(c => (byte)c).ToArray());

    private JsonMinimalEncoder()
    {
    }

    /// <summary>The longest escape, <c>\u001F</c>.</summary>
    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar == '"' || unicodeScalar == '\\' || unicodeScalar == Replacement
        || (unicodeScalar >= 0xD800 && unicodeScalar < 0xE000);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        var offset = 0;
        while (true)
        {
            var found = span[offset..].IndexOfAny(Utf16Attention);
            if (found < 0)
            {
                return -1;
            }

            var index = offset + found;
            var c = span[index];
            if (!char.IsHighSurrogate(c) || index + 1 >= span.Length || !char.IsLowSurrogate(span[index + 1]))
            {
                return index; // a character to escape, a lone surrogate or U+FFFD
            }

            offset = index + 2;
        }
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var offset = 0;
        while (true)
        {
            var found = utf8Text[offset..].IndexOfAny(Utf8Attention);
            if (found < 0)
            {
                return -1;
            }

            var index = offset + found;
            if (utf8Text[index] < 0x80 || Rune.DecodeFromUtf8(utf8Text[index..], out var rune, out var length) != OperationStatus.Done
                || rune.Value == Replacement)
            {
                return index; // a character to escape, malformed UTF-8 or U+FFFD
            }

            offset = index + length;
        }
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var destination = new Span<char>(buffer, bufferLength);
        ReadOnlySpan<char> escaped = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            _ => default,
        };
        if (escaped.IsEmpty && WillEncode(unicodeScalar))
        {
            return destination.TryWrite($"\\u{unicodeScalar:X4}", out numberOfCharactersWritten);
        }

        if (escaped.IsEmpty)
        {
            // Asked to write a character that needs no escape: written as it stands.
            if (!Rune.TryCreate(unicodeScalar, out var rune) || !rune.TryEncodeToUtf16(destination, out numberOfCharactersWritten))
            {
                numberOfCharactersWritten = 0;
                return false;
            }

            return true;
        }

        numberOfCharactersWritten = escaped.Length;
        return escaped.TryCopyTo(destination);
    }

    private static char[] Attention(int from, int to) =>
        Enumerable.Range(0, 0x20).Append('"').Append('\\').Concat(Enumerable.Range(from, to - from)).Select(c => (char)c).ToArray();
}
