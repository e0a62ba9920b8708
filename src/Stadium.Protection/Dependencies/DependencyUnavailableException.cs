namespace Stadium.Protection.Dependencies;

/// <summary>
/// A call refused by a dependency's open breaker (<see cref="WasAttempted"/> false: nothing reached it, so nothing was
/// written) or cut by its attempt timeout (the dependency got the call; a write may or may not have been applied).
/// The API answers it as a 503 problem naming <see cref="Dependency"/>.
/// </summary>
public sealed class DependencyUnavailableException(string dependency, bool wasAttempted, TimeSpan retryAfter, Exception inner)
    : Exception(wasAttempted ? $"The {dependency} dependency did not answer in time." : $"The {dependency} dependency's breaker is open.", inner)
{
    public string Dependency { get; } = dependency;

    public bool WasAttempted { get; } = wasAttempted;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
