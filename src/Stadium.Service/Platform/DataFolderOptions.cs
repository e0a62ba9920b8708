namespace Stadium.Service.Platform;

/// <summary>"Stadium:DataFolder": where a node keeps local state (the SQLite file, the signing key, exports, the email outbox).</summary>
public sealed class DataFolderOptions
{
    public const string Section = "Stadium";

    public string DataFolder { get; set; } = ".data";
}
