using Stadium.Lab.Naming;

namespace Stadium.Lab.Engines;

/// <summary>
/// How `stadium load url` speaks HTTP, named as its <c>--engine</c> says. Registered in <see cref="UrlEngines"/>;
/// adding one is a file here and a line there.
/// </summary>
internal interface IUrlEngine : INamed
{
    /// <summary>How the console and results.json's mode name it.</summary>
    string Label { get; }

    /// <summary>Null when this engine can load <paramref name="target"/>; else why not, said before <see cref="UrlEngines.Fallback"/> takes over.</summary>
    string? CannotLoad(Uri target);

    /// <summary>Sets the process up for this engine. Runtime switches are read when the first socket is created, so only the CLI calls this, first.</summary>
    void PrepareProcess();

    /// <summary>The workload that sends <see cref="UrlLoad.Request"/>, disposed after the run.</summary>
    Task<IUrlWorkload> CreateAsync(UrlLoad load, CancellationToken ct);
}
