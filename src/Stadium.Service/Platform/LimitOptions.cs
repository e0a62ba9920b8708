namespace Stadium.Service.Platform;

/// <summary>"Stadium:Limits": request size and paging bounds.</summary>
public sealed class LimitOptions
{
    public const string Section = "Stadium:Limits";

    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    public int DefaultPageSize { get; set; } = 20;

    public int MaxPageSize { get; set; } = 100;
}
