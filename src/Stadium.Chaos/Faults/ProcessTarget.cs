namespace Stadium.Chaos.Faults;

/// <summary>
/// A process a fault acts on. <paramref name="Role"/> is the cluster role (api, worker, gateway) or the server's
/// (primary, replica, cache); <paramref name="ServerName"/> is its record in stadium.json for a data-tier server.
/// </summary>
internal sealed record ProcessTarget(string Name, string Role, int Pid, string? ServerName)
{
    public bool IsServer => ServerName is not null;

    public bool IsPostgres => Role is "primary" or "replica";
}
