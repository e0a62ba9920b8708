namespace Stadium.Data.Providers;

/// <summary>Configuration names a store backend that is not registered; the message lists the registered ones.</summary>
public sealed class UnknownProviderException(string message) : Exception(message);
