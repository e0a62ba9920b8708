using Stadium.Lab.Execution;
using Stadium.Lab.Naming;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Executors;

/// <summary>
/// A way to run a phase, named as a scenario's <c>executor:</c> says (k6's executors). Each reads its own keys of the
/// phase (rate, stages, users ...) and runs the phase on the open or the closed model. Registered in
/// <see cref="LoadExecutors"/>; adding one is a file here and a line there.
/// </summary>
internal interface ILoadExecutor : INamed
{
    /// <summary>
    /// Open model: iterations start on the arrival schedule whatever the server does. Closed model: a number of users,
    /// each waiting for its answer before the next iteration.
    /// </summary>
    bool IsOpen { get; }

    /// <summary>
    /// The phase keys this executor reads, besides <c>name</c>, <c>executor</c> and <c>journey</c>, which every phase has.
    /// Any other key of a phase with this executor is an error naming its line (docs/scenarios.md lists the same keys).
    /// </summary>
    IReadOnlyList<string> Keys { get; }

    /// <summary>The phase as planned from the scenario's phase; <paramref name="settings"/> holds what every executor reads alike.</summary>
    /// <exception cref="FormatException">A key this executor needs is missing or out of range; the message names it.</exception>
    PhasePlan Plan(PhaseFile spec, PhaseSettings settings);

    Task RunAsync(PhasePlan phase, PhaseRun run);
}
