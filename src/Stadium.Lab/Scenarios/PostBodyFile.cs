namespace Stadium.Lab.Scenarios;

[YamlExample("{ minChars: 8, medianChars: 120, maxChars: 2000 }")]
public sealed class PostBodyFile
{
    public int MinChars { get; set; } = 8;

    public int MedianChars { get; set; } = 120;

    public int MaxChars { get; set; } = 2000;

    public double Sigma { get; set; } = 0.9;
}
