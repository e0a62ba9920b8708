namespace Stadium.Infra;

/// <summary>A server program ran but failed; the message carries its own explanation.</summary>
public sealed class InfraCommandException(string message) : Exception(message);
