namespace Stadium.Infra;

/// <summary>What a finished external command printed and returned.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError);
