using System.Text;

namespace Stadium.Service.Platform;

/// <summary>Field-level errors collected at the edge and answered as one RFC 9457 validation problem.</summary>
public sealed class ValidationErrors
{
    // Created on the first error: most requests are valid, and the check runs on every one.
    private Dictionary<string, List<string>>? _errors;

    public bool Any => _errors is { Count: > 0 };

    public void Add(string field, string message)
    {
        _errors ??= new(StringComparer.Ordinal);
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors?.ToDictionary(e => e.Key, e => e.Value.ToArray()) ?? new Dictionary<string, string[]>();

    /// <summary>
    /// Checks user text: required or not, length in Unicode code points (what people count),
    /// no lone surrogates or control characters other than line breaks and tabs, and, when at least
    /// one character is required, not only white space or invisible formatting (a blank post or subject says nothing).
    /// </summary>
    /// <param name="singleLine">No line breaks either: for text that ends up in a one-line header (an email's subject,
    /// where MimeKit would silently drop them and run the lines together).</param>
    public void CheckText(string field, string? value, int min, int max, bool required = true, bool singleLine = false)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return;
        }

        var length = 0;
        var visible = false;
        var span = value.AsSpan();
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                Add(field, "Contains an invalid Unicode sequence (a lone surrogate).");
                return;
            }

            if (Rune.IsControl(rune) && rune.Value is not ('\n' or '\r' or '\t'))
            {
                Add(field, "Contains a control character.");
                return;
            }

            if (singleLine && rune.Value is '\n' or '\r')
            {
                Add(field, "Must be a single line (no line breaks).");
                return;
            }

            // Invisible formatting (zero-width spaces and joiners, a BOM, direction marks) shows nothing by itself.
            visible |= !Rune.IsWhiteSpace(rune) && Rune.GetUnicodeCategory(rune) != System.Globalization.UnicodeCategory.Format;
            length++;
            span = span[consumed..];
        }

        if (length < min || length > max)
        {
            Add(field, min == max ? $"Must be {min} characters." : $"Must be {min} to {max} characters (got {length}).");
        }
        else if (min > 0 && !visible)
        {
            Add(field, "Must not be blank.");
        }
    }
}
