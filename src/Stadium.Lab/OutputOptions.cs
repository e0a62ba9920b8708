using Stadium.Protection.Slo;

namespace Stadium.Lab;

/// <summary>Where a run's outputs go and which gates it must pass.</summary>
/// <param name="DashboardPort">Serve the live dashboard on 127.0.0.1 at this port while the run lasts (0: any free port); null: none.</param>
/// <param name="Slo">An SLO file (--slo) whose objectives become thresholds for the endpoints the run hits.</param>
public sealed record OutputOptions(
    string? ResultsPath, string? ReportPath, IReadOnlyList<string> Thresholds, bool Quiet = false, int? DashboardPort = null, SloObjectives? Slo = null);
