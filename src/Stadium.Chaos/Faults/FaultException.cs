namespace Stadium.Chaos.Faults;

/// <summary>A fault that cannot be built or injected as asked (unknown kind or target, no proxy, no cgroup): its message is the one line to show.</summary>
public sealed class FaultException(string message) : Exception(message);
