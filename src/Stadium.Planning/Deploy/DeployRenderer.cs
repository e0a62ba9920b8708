using System.Reflection;

namespace Stadium.Planning.Deploy;

/// <summary>
/// Writes the deploy files (Dockerfile, compose.yaml, k8s/, ecs/, cloudrun/, grafana/, prometheus/, nginx/, ...)
/// from the templates embedded under <c>Deploy/Templates/</c>, each to its path under the folder given. A template
/// with no placeholder is written byte for byte; the others have every <c>{{Name}}</c> replaced
/// (<see cref="TemplateText"/>). Every file is rendered before any is written, so a template with an unknown
/// placeholder leaves the folder untouched.
/// </summary>
public static class DeployRenderer
{
    private const string Prefix = "Deploy/Templates/";

    /// <summary>Renders every template into <paramref name="dir"/>; returns the paths written, relative to it, in order.</summary>
    /// <exception cref="InvalidOperationException">A template names a placeholder <see cref="DeployValues"/> does not have.</exception>
    public static IReadOnlyList<string> Render(DeployValues values, string dir)
    {
        ArgumentNullException.ThrowIfNull(values);
        var files = Templates().Select(t => (t.Path, Bytes: TemplateText.Render(t.Path, t.Bytes, values))).ToList();
        foreach (var (path, bytes) in files)
        {
            var target = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, bytes);
        }

        return files.Select(f => f.Path).ToList();
    }

    /// <summary>The embedded templates: their path under Templates/ ('/' between folders) and their bytes.</summary>
    internal static IEnumerable<(string Path, byte[] Bytes)> Templates()
    {
        var assembly = typeof(DeployRenderer).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            yield return (name[Prefix.Length..].Replace('\\', '/'), copy.ToArray());
        }
    }
}
