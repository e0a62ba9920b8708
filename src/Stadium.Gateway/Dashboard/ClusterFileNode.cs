namespace Stadium.Gateway.Dashboard;

/// <summary>One process of the cluster: its role (api, worker, gateway), name, URL (where /metrics and /health/ready answer) and state.</summary>
internal sealed record ClusterFileNode(string? Role, string? Name, string? Url, int? Pid, string? State);
