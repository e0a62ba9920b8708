namespace Stadium.Lab.Scenarios;

[YamlExample("{ name: home, method: GET, url: / }")]
public sealed class RequestFile
{
    public string? Name { get; set; }

    public string Method { get; set; } = "GET";

    public string Url { get; set; } = "/";

    [YamlExample("{ Accept: application/json }")]
    public Dictionary<string, string>? Headers { get; set; }

    public string? Body { get; set; }

    [Minimum(0, Excluded = true)]
    public double Weight { get; set; } = 1;
}
