using System.Reflection;
using System.Text.Json;

namespace Stadium.Lab.Scenarios;

/// <summary>
/// The keys a scenario file may hold, read from the classes it is deserialized into (<see cref="ScenarioFile"/> and
/// the sections it holds), so the check, its messages and the reference test never drift from the parser.
/// </summary>
internal static class ScenarioKeys
{
    /// <summary>The keys of one section (camelCase, as the parser reads them), in declaration order.</summary>
    public static IReadOnlyDictionary<string, ValueShape> Of(Type section) =>
        section.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), ShapeOf, StringComparer.Ordinal);

    /// <summary>Every key of the file as a path: "target", "phases[].thinkTime.min", "requests[].headers".</summary>
    public static IEnumerable<string> Paths(Type section, string prefix = "")
    {
        foreach (var (key, shape) in Of(section))
        {
            var path = prefix + key;
            yield return path;
            var inner = shape.Kind == ValueKind.List ? shape.Item! : shape;
            if (inner.Kind == ValueKind.Section)
            {
                var itemPath = shape.Kind == ValueKind.List ? path + "[]." : path + ".";
                foreach (var nested in Paths(inner.Section!, itemPath))
                {
                    yield return nested;
                }
            }
        }
    }

    private static ValueShape ShapeOf(PropertyInfo property)
    {
        var shape = ShapeOf(property.PropertyType);
        if (property.GetCustomAttribute<DurationValueAttribute>() is not null)
        {
            shape = shape with { Kind = ValueKind.Duration };
        }

        if (property.GetCustomAttribute<MinimumAttribute>() is { } minimum)
        {
            shape = shape.Kind == ValueKind.Map ? shape with { Item = shape.Item! with { Minimum = minimum } } : shape with { Minimum = minimum };
        }

        return property.GetCustomAttribute<YamlExampleAttribute>() is { } example ? shape with { Example = example.Example } : shape;
    }

    private static ValueShape ShapeOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new ValueShape(ValueKind.Text);
        }

        if (type == typeof(int))
        {
            return new ValueShape(ValueKind.WholeNumber);
        }

        if (type == typeof(double))
        {
            return new ValueShape(ValueKind.Number);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return new ValueShape(ValueKind.List, Item: ShapeOf(type.GetGenericArguments()[0]));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return new ValueShape(ValueKind.Map, Item: ShapeOf(type.GetGenericArguments()[1]));
        }

        return type.IsClass
            ? new ValueShape(ValueKind.Section, type, Example: type.GetCustomAttribute<YamlExampleAttribute>()?.Example)
            : throw new InvalidOperationException($"A scenario key of type {type.Name} has no shape to check.");
    }
}
