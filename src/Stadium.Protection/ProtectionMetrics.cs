namespace Stadium.Protection;

/// <summary>The meter every protection part reports on (limits, sheds, deadlines, breakers, SLO events).</summary>
public static class ProtectionMetrics
{
    public const string MeterName = "Stadium.Protection";
}
