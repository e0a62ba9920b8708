namespace Stadium.Infra.Fleet;

/// <summary>
/// A node's place in the rotation: starting until its /health/ready first answers 200, then active; draining once
/// a scale-in picked it (the gateway sends it nothing new), until it is stopped and leaves the file.
/// </summary>
public static class NodeStates
{
    public const string Starting = "starting";
    public const string Active = "active";
    public const string Draining = "draining";
}
