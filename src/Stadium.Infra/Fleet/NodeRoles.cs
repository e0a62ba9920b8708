namespace Stadium.Infra.Fleet;

/// <summary>The roles in <c>cluster.json</c>.</summary>
public static class NodeRoles
{
    public const string Api = "api";
    public const string Worker = "worker";
    public const string Gateway = "gateway";
}
