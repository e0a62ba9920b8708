namespace Stadium.Chaos.Experiments;

/// <summary>
/// An action that puts things back, run after every experiment whatever happened (a failed probe, Ctrl+C, SIGTERM).
/// <c>http</c>: a request to <see cref="Url"/>; <c>process</c>: <see cref="Path"/> with <see cref="Arguments"/>, which
/// must exit 0 within <see cref="Timeout"/>.
/// </summary>
public sealed record RollbackAction(string Name, string Type, int Line)
{
    public const string Http = "http";
    public const string Process = "process";

    public static readonly IReadOnlyList<string> Types = [Http, Process];

    public string? Url { get; init; }

    public string Method { get; init; } = "POST";

    public string? Path { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
