namespace Stadium.Lab.Naming;

/// <summary>An extension point chosen by name (an executor, a URL engine, a journey action): see <see cref="NamedRegistry{T}"/>.</summary>
internal interface INamed
{
    /// <summary>The name a scenario file or the command line gives, and the one error messages list.</summary>
    string Name { get; }

    /// <summary>Other spellings of the same choice (k6's names, short forms) that scenarios already use; never listed.</summary>
    IReadOnlyList<string> Aliases { get; }
}
