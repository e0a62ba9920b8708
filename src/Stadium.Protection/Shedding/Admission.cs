namespace Stadium.Protection.Shedding;

/// <summary>
/// A request let into the node by <see cref="AdmissionGate"/>: when it started running and how many were in flight
/// then. Hand it back to <see cref="AdmissionGate.Exit"/> exactly once.
/// </summary>
internal readonly record struct Admission(long Started, int InFlight, bool Sampled);
