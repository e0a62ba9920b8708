namespace Stadium.Commands;

/// <summary>
/// Bad usage or input found while a verb runs (an unknown job id, a port already taken): Program.cs prints the
/// message as the verb's one error line and exits with <see cref="ExitCodes.BadUsage"/>.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
