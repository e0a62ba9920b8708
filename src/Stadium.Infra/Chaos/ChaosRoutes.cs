namespace Stadium.Infra.Chaos;

/// <summary>
/// The proxy names the nodes' connections go through, one per dependency: <c>primary</c>, <c>replica-1</c>,
/// <c>replica-2</c>, ..., <c>redis</c>. Fault targets use the same names.
/// </summary>
public static class ChaosRoutes
{
    public const string Primary = "primary";
    public const string Redis = "redis";

    public static string Replica(int index) => $"replica-{index}";

    /// <summary>The proxy in front of a server of the settings file (its record's name: primary, replica1, redis).</summary>
    internal static string For(ServerRecord server) => server.Role switch
    {
        ServerRoles.Primary => Primary,
        ServerRoles.Replica => Replica(int.Parse(server.Name[ServerRoles.Replica.Length..], System.Globalization.CultureInfo.InvariantCulture)),
        _ => Redis,
    };
}
