using System.Buffers.Binary;

namespace Stadium.Service.Features.Exports.Text;

/// <summary>
/// The code points a TrueType/OpenType font has a glyph for, read from its <c>cmap</c> table: a Unicode subtable of
/// format 12 (all planes, where emoji live) when the font has one, else format 4 (the Basic Multilingual Plane).
/// A code point mapped to glyph 0 (.notdef, the empty box) is not covered.
/// </summary>
internal sealed class FontCoverage
{
    private readonly HashSet<int> _codePoints;

    private FontCoverage(HashSet<int> codePoints) => _codePoints = codePoints;

    public int Count => _codePoints.Count;

    public bool Covers(int codePoint) => _codePoints.Contains(codePoint);

    public static FontCoverage Read(ReadOnlySpan<byte> font)
    {
        var cmap = Table(font, "cmap"u8);
        var count = U16(cmap, 2);
        var format4 = -1;
        var format12 = -1;
        for (var i = 0; i < count; i++)
        {
            var record = 4 + (i * 8);
            var platform = U16(cmap, record);
            var encoding = U16(cmap, record + 2);
            var offset = (int)U32(cmap, record + 4);
            var unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
            if (!unicode)
            {
                continue;
            }

            var format = U16(cmap, offset);
            if (format == 12 && format12 < 0)
            {
                format12 = offset;
            }
            else if (format == 4 && format4 < 0)
            {
                format4 = offset;
            }
        }

        var codePoints = new HashSet<int>();
        if (format12 >= 0)
        {
            ReadFormat12(cmap[format12..], codePoints);
        }
        else if (format4 >= 0)
        {
            ReadFormat4(cmap[format4..], codePoints);
        }
        else
        {
            throw new InvalidDataException("The font has no Unicode cmap subtable of format 4 or 12.");
        }

        return new FontCoverage(codePoints);
    }

    private static void ReadFormat12(ReadOnlySpan<byte> table, HashSet<int> codePoints)
    {
        var groups = U32(table, 12);
        for (var g = 0; g < groups; g++)
        {
            var group = 16 + (g * 12);
            var start = U32(table, group);
            var end = U32(table, group + 4);
            var glyph = U32(table, group + 8);
            for (var c = start; c <= end && c <= 0x10FFFF; c++, glyph++)
            {
                if (glyph != 0)
                {
                    codePoints.Add((int)c);
                }
            }
        }
    }

    private static void ReadFormat4(ReadOnlySpan<byte> table, HashSet<int> codePoints)
    {
        var segments = U16(table, 6) / 2;
        var ends = 14;
        var starts = ends + (segments * 2) + 2;
        var deltas = starts + (segments * 2);
        var rangeOffsets = deltas + (segments * 2);
        for (var s = 0; s < segments; s++)
        {
            var start = U16(table, starts + (s * 2));
            var end = U16(table, ends + (s * 2));
            var delta = U16(table, deltas + (s * 2));
            var rangeOffset = U16(table, rangeOffsets + (s * 2));
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (c + delta) & 0xFFFF;
                }
                else
                {
                    // idRangeOffset counts bytes from its own position to the glyph id of the segment's first code.
                    var at = rangeOffsets + (s * 2) + rangeOffset + ((c - start) * 2);
                    glyph = at + 1 < table.Length ? U16(table, at) : 0;
                    glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                }

                if (glyph != 0)
                {
                    codePoints.Add(c);
                }
            }
        }
    }

    private static ReadOnlySpan<byte> Table(ReadOnlySpan<byte> font, ReadOnlySpan<byte> tag)
    {
        var tables = U16(font, 4);
        for (var i = 0; i < tables; i++)
        {
            var record = 12 + (i * 16);
            if (font.Slice(record, 4).SequenceEqual(tag))
            {
                return font.Slice((int)U32(font, record + 8), (int)U32(font, record + 12));
            }
        }

        throw new InvalidDataException($"The font has no '{System.Text.Encoding.ASCII.GetString(tag)}' table.");
    }

    private static int U16(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);

    private static uint U32(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
}
