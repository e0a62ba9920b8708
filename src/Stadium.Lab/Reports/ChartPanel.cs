using Stadium.Lab.Measurement;

namespace Stadium.Lab.Reports;

/// <summary>One latency chart of the report: a title, its lines (corrected and service time) and the phase boundaries.</summary>
internal sealed record ChartPanel(string Title, IReadOnlyList<ChartLine> Lines, IReadOnlyList<PhaseMark> Phases)
{
    public IReadOnlyList<FaultBand> Bands { get; init; } = [];
}
