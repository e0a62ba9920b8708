namespace Stadium.Lab.Scenarios;

[YamlExample("{ duration: 30s, target: 50 }")]
public sealed class StageFile
{
    [DurationValue]
    public string Duration { get; set; } = "10s";

    public double Target { get; set; }
}
