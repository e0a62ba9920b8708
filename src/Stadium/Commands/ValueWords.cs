using System.Globalization;

namespace Stadium.Commands;

/// <summary>
/// What a value of a .NET type looks like, in words for people ("a whole number", not System.Int32), and whether a
/// text is one. Used for command-line values and for settings that did not convert.
/// </summary>
internal static class ValueWords
{
    /// <summary>"'abc' is not a whole number", or null when <paramref name="text"/> is a valid <paramref name="type"/> (or the type is unknown here).</summary>
    public static string? Mismatch(Type type, string text)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return Words(plain) is { } words && !Parses(plain, text) ? $"'{text}' is not {words}" : null;
    }

    /// <summary>The words for a type, or null for types this class does not know (their own messages are used then).</summary>
    public static string? Words(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(plain).Select(n => n.ToLowerInvariant()));
        }

        return Type.GetTypeCode(plain) switch
        {
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.Boolean => "true or false",
            _ when plain == typeof(TimeSpan) => "a duration such as 00:00:30",
            _ when plain == typeof(Uri) => "a URL",
            _ => null,
        };
    }

    /// <summary>The type a settings binder message names ("System.Int32"), when it is one this class has words for.</summary>
    public static string? WordsForTypeName(string typeName) => Type.GetType(typeName) is { } type ? Words(type) : null;

    private static bool Parses(Type type, string text)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, text, ignoreCase: true, out _);
        }

        if (type == typeof(TimeSpan))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _);
        }

        if (type == typeof(Uri))
        {
            return Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _);
        }

        try
        {
            _ = Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
        {
            return false;
        }
    }
}
