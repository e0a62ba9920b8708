using Microsoft.Extensions.Logging;

namespace Stadium.Protection.Dependencies;

/// <summary>The log line of every breaker transition (warning when it opens: the dependency is being left alone).</summary>
internal static partial class DependencyLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Breaker for {Dependency} opened for {BreakDuration}: calls fail fast until then")]
    public static partial void Opened(ILogger logger, string dependency, TimeSpan breakDuration, Exception? lastFailure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Breaker for {Dependency} half-open: one call tests the dependency")]
    public static partial void HalfOpened(ILogger logger, string dependency);

    [LoggerMessage(Level = LogLevel.Information, Message = "Breaker for {Dependency} closed: calls flow again")]
    public static partial void Closed(ILogger logger, string dependency);
}
