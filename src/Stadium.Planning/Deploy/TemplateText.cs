using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Stadium.Planning.Deploy;

/// <summary>
/// Fills one template. A placeholder is <c>{{Name}}</c> with a PascalCase name, one of <see cref="DeployValues"/>'s
/// properties, optionally with a format for platforms that spell the same number differently (<see cref="Quantity"/>):
/// <c>duration</c> (seconds as a .NET TimeSpan, "00:10:00", the form Stadium's settings bind), <c>cores</c> ("500m" as
/// "0.5"), <c>cpu-units</c> ("500m" as ECS's 512 units of 1/1024 core), <c>mib</c> ("512Mi" as 512). Lower-case <c>{{route}}</c> (Grafana legends) and <c>{{.Series}}</c> are other
/// tools' templates and are left as they are. An unknown name or format is an error naming the file, so a typo never
/// reaches a deploy file.
/// </summary>
internal static partial class TemplateText
{
    private static readonly Dictionary<string, PropertyInfo> Properties =
        typeof(DeployValues).GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => p.Name, StringComparer.Ordinal);

    public static byte[] Render(string path, byte[] template, DeployValues values)
    {
        var text = Encoding.UTF8.GetString(template);
        if (!Placeholder().IsMatch(text))
        {
            return template;
        }

        var filled = Placeholder().Replace(text, match => Value(path, match, values));
        return Encoding.UTF8.GetBytes(filled);
    }

    private static string Value(string path, Match match, DeployValues values)
    {
        var name = match.Groups["name"].Value;
        if (!Properties.TryGetValue(name, out var property))
        {
            throw new InvalidOperationException($"{path}: unknown placeholder {match.Value} (DeployValues has {string.Join(", ", Properties.Keys)})");
        }

        var value = property.GetValue(values);
        return match.Groups["format"].Value switch
        {
            "" => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
            "duration" when value is int seconds => TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture),
            "cores" when value is string cpu => Quantity.Cores(cpu).ToString(CultureInfo.InvariantCulture),
            "cpu-units" when value is string cpu => ((int)Math.Ceiling(Quantity.Cores(cpu) * 1024)).ToString(CultureInfo.InvariantCulture),
            "mib" when value is string memory => Quantity.Mebibytes(memory).ToString(CultureInfo.InvariantCulture),
            var format => throw new InvalidOperationException(
                $"{path}: placeholder {match.Value}: format '{format}' does not apply (duration on seconds; cores and cpu-units on a CPU quantity; mib on a memory quantity)"),
        };
    }

    [GeneratedRegex(@"\{\{(?<name>[A-Z][A-Za-z0-9]*)(?::(?<format>[a-z-]+))?\}\}")]
    private static partial Regex Placeholder();
}
