using System.Collections.Concurrent;

namespace Stadium.Gateway.Forwarding;

/// <summary>Requests answered by each node since the gateway started, for GET /gateway/destinations.</summary>
internal sealed class DestinationLedger
{
    private readonly ConcurrentDictionary<string, long> _answered = new(StringComparer.OrdinalIgnoreCase);

    public void Answered(string node) => _answered.AddOrUpdate(node, 1, static (_, count) => count + 1);

    public long AnsweredBy(string node) => _answered.GetValueOrDefault(node);
}
