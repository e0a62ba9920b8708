namespace Stadium.Gateway.Destinations;

/// <summary>One API node the gateway may send to: its name (the destination id and the metrics' <c>node</c>), its URL, and whether it is draining.</summary>
internal sealed record NodeEntry(string Name, string Url, bool Draining);
