namespace Stadium.Lab.Scenarios;

[YamlExample("{ min: 500ms, max: 2s }")]
public sealed class ThinkTimeFile
{
    [DurationValue]
    public string Min { get; set; } = "0s";

    [DurationValue]
    public string Max { get; set; } = "0s";
}
