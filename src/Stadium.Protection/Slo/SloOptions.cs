namespace Stadium.Protection.Slo;

/// <summary>"Stadium:Slo": which SLO file the node reads (the CLI's --slo sets it).</summary>
public sealed class SloOptions
{
    public const string Section = "Stadium:Slo";

    /// <summary>Path of the SLO file; empty: the repository's slo.yaml as built into the node.</summary>
    public string File { get; set; } = "";
}
