using Stadium.Lab.Naming;

namespace Stadium.Lab.Engines;

/// <summary>Every engine `stadium load url --engine` can name: the one place they are registered.</summary>
internal static class UrlEngines
{
    /// <summary>Loads any http(s) target: used when the chosen engine cannot load the one given.</summary>
    public static readonly IUrlEngine Fallback = new HttpClientUrlEngine();

    public static readonly NamedRegistry<IUrlEngine> Registry = new("engine", [new RawUrlEngine(), Fallback]);
}
