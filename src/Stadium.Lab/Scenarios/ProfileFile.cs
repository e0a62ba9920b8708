namespace Stadium.Lab.Scenarios;

[YamlExample("{ activeShare: 0.03, scale: 100 }")]
public sealed class ProfileFile
{
    public double? ActiveShare { get; set; }

    public double? BurstShare { get; set; }

    public double? RequestsPerActiveUser { get; set; }

    public double? FeedReadsPerLogin { get; set; }

    public double? ExpectedLatencyMs { get; set; }

    /// <summary>Logins per active user per 15-minute window in the steady traffic (1).</summary>
    public double? LoginsPerActiveUser { get; set; }

    /// <summary>Divide the derived rates by this, to rehearse a big MAU on a small machine at the same shape.</summary>
    public double? Scale { get; set; }
}
