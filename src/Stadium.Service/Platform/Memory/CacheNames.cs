namespace Stadium.Service.Platform.Memory;

/// <summary>The <c>cache</c> tag of the memory metrics.</summary>
internal static class CacheNames
{
    public const string Posts = "posts";
    public const string Profiles = "profiles";
    public const string Timelines = "timelines";
    public const string Celebrities = "celebrities";
    public const string Tokens = "tokens";
    public const string Revocations = "revocations";
}
