using Stadium.Lab.Measurement;

namespace Stadium.Lab.Dashboard;

/// <summary>What `GET /api/snapshot?since=N` answers: the run, its phase starts so far and the seconds after N.</summary>
/// <param name="Finished">The run has ended: no more seconds will come.</param>
internal sealed record DashboardSnapshot(
    string Mode, string Target, bool Finished, IReadOnlyList<PhaseMark> Phases, IReadOnlyList<DashboardSecond> Seconds);
