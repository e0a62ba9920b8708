namespace Stadium.Chaos.Proxy;

/// <summary>One read from a source socket: a pooled buffer, the bytes read and when (the proxy clock's timestamp).</summary>
internal readonly record struct PumpChunk(byte[] Buffer, int Length, long Timestamp);
