namespace Stadium.Lab.Scenarios;

public sealed class StageFile
{
    public string Duration { get; set; } = "10s";

    public double Target { get; set; }
}
