namespace Stadium.Lab.Scenarios;

public sealed class ThinkTimeFile
{
    public string Min { get; set; } = "0s";

    public string Max { get; set; } = "0s";
}
