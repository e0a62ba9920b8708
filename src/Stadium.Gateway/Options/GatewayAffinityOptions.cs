namespace Stadium.Gateway.Options;

/// <summary>"Stadium:Gateway:Affinity": sticky sessions for clients that keep the affinity cookie, with rotation.</summary>
public sealed class GatewayAffinityOptions
{
    /// <summary>Answers carry the affinity cookie; clients that send it back stay on their node for <see cref="Lifetime"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long an affinity holds before it is made again by the balancer: after a scale-out, sticky clients spread over
    /// the new nodes within one lifetime.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether a public answer (Cache-Control: public) makes an affinity too. Off: a shared cache in front (an edge, a
    /// CDN) stores no answer with a Set-Cookie, and one that did would hand one client's affinity to every reader.
    /// </summary>
    public bool OnPublicAnswers { get; set; }

    /// <summary>Name of the affinity cookie.</summary>
    public string Cookie { get; set; } = "stadium-affinity";
}
