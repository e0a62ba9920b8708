namespace Stadium.Infra;

/// <summary>Where to look for the server programs; the defaults are Debian's layout.</summary>
/// <param name="PostgresRoot">Debian installs each major version under &lt;root&gt;/&lt;version&gt;/bin, outside PATH.</param>
/// <param name="SearchPath">Folders searched for redis-server; null means the process's PATH.</param>
internal sealed record BinaryLocatorOptions(string PostgresRoot = "/usr/lib/postgresql", string? SearchPath = null);
