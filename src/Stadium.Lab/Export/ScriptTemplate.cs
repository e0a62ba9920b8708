namespace Stadium.Lab.Export;

/// <summary>A script's runtime, embedded from Templates/, with its <c>{{NAME}}</c> slots filled.</summary>
internal static class ScriptTemplate
{
    public static string Fill(string template, IReadOnlyDictionary<string, string> slots)
    {
        using var stream = typeof(ScriptTemplate).Assembly.GetManifestResourceStream($"Stadium.Lab.Export.Templates.{template}")
            ?? throw new InvalidOperationException($"The export template {template} is missing from the build.");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().ReplaceLineEndings("\n");
        foreach (var (name, value) in slots)
        {
            text = text.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Lines as comments of a script (<paramref name="prefix"/> "// " or "# "), wrapped nowhere: each note is one line.</summary>
    public static string Comment(IEnumerable<string> lines, string prefix) =>
        string.Join("\n", lines.Select(line => line.Length == 0 ? prefix.TrimEnd() : prefix + line));
}
