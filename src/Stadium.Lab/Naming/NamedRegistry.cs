using Stadium.Protection.Settings;

namespace Stadium.Lab.Naming;

/// <summary>
/// The implementations of one extension point, each chosen by its name (the way YARP picks its policies). A name is
/// matched ignoring case and surrounding spaces, after <c>normalize</c>. An unknown name is a <see cref="FormatException"/>
/// that lists the known ones, which the CLI prints as one line with exit code 2: never a silent default, which would
/// run a load nobody asked for.
/// </summary>
internal sealed class NamedRegistry<T>
    where T : class, INamed
{
    private readonly string _kind;
    private readonly Func<string, string> _normalize;
    private readonly Dictionary<string, T> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="kind">What is being chosen, as the error message says it: "executor", "engine", "journey action".</param>
    /// <param name="normalize">Applied to a name before it is looked up, and to every registered name and alias.</param>
    public NamedRegistry(string kind, IReadOnlyList<T> items, Func<string, string>? normalize = null)
    {
        _kind = kind;
        _normalize = normalize ?? (name => name);
        All = items;
        Names = [.. items.Select(item => item.Name)];
        Known = Names.Count == 1 ? Names[0] : string.Join(", ", Names.Take(Names.Count - 1)) + " or " + Names[^1];
        foreach (var item in items)
        {
            foreach (var name in item.Aliases.Prepend(item.Name))
            {
                if (!_byName.TryAdd(Key(name), item))
                {
                    throw new InvalidOperationException($"Two {kind}s are registered as '{name}'.");
                }
            }
        }
    }

    /// <summary>In the order they were registered, which is the order error messages list them.</summary>
    public IReadOnlyList<T> All { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The names as an error message lists them: "a, b, c or d".</summary>
    public string Known { get; }

    /// <exception cref="FormatException">No <typeparamref name="T"/> has that name; the message lists the known ones.</exception>
    public T Get(string name) =>
        Find(name) ?? throw new FormatException(
            ClosestName.To(name.Trim(), Names) is { } meant
                ? $"Unknown {_kind} '{name}': did you mean '{meant}'? Use {Known}."
                : $"Unknown {_kind} '{name}': use {Known}.");

    /// <summary>The <typeparamref name="T"/> of that name, or null (for a check that leaves naming the known ones to <see cref="Get"/>).</summary>
    public T? Find(string name) => _byName.GetValueOrDefault(Key(name));

    private string Key(string name) => _normalize(name.Trim());
}
