using Stadium.Lab.Scenarios;
using Stadium.Lab.Thresholds;

namespace Stadium.Lab.Export;

/// <summary>Everything an exported script is written from: the lab's plan of the scenario, its phases laid end to end, its gates.</summary>
/// <param name="Source">The scenario file's name, as the script's header cites it.</param>
/// <param name="Thresholds">The scenario's thresholds, then the SLO file's objectives for the endpoints the scenario calls.</param>
/// <param name="Ledger">The scenario's ledger file (acknowledged writes), or null.</param>
/// <param name="FreshStride">The step between the accounts of successive app openings (see <see cref="Journeys.FreshAccounts"/>).</param>
internal sealed record ExportPlan(
    string Source,
    LoadPlan Load,
    IReadOnlyList<ExportPhase> Phases,
    IReadOnlyList<Threshold> Thresholds,
    string? Ledger,
    long FreshStride)
{
    /// <summary>The script's file name, for the header's command line; null: the format's usual name.</summary>
    public string? ScriptName { get; init; }

    /// <summary>Endpoint names the scenario can call, in the order the lab lists them.</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = [];
}
