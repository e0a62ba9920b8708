namespace Stadium.Lab.Scenarios;

public sealed class PostBodyFile
{
    public int MinChars { get; set; } = 8;

    public int MedianChars { get; set; } = 120;

    public int MaxChars { get; set; } = 2000;

    public double Sigma { get; set; } = 0.9;
}
