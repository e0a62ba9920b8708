using Stadium.Lab.Execution;

namespace Stadium.Lab.Engines;

/// <summary>An engine's workload for one URL: it owns its connections, which close when the run is over.</summary>
internal interface IUrlWorkload : IWorkload, IAsyncDisposable;
