namespace Stadium.Infra;

/// <summary>A port asked for (<see cref="InfraUpOptions.BasePort"/>) cannot be used: the caller's input, found before anything started.</summary>
public sealed class PortTakenException(string message) : Exception(message);
