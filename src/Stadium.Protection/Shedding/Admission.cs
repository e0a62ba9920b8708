namespace Stadium.Protection.Shedding;

/// <summary>
/// A request let into the node by <see cref="AdmissionGate"/>: when it started running and how many were in flight
/// then. Hand it back to <see cref="AdmissionGate.Exit"/> exactly once.
/// </summary>
/// <param name="Scale">
/// What its latency is multiplied by before the limit sees it: the tightest objective over its route's own, so a write
/// promised 200 ms that took 40 ms counts as a feed read (promised 50 ms) that took 10 ms.
/// </param>
internal readonly record struct Admission(long Started, int InFlight, bool Sampled, double Scale = 1);
