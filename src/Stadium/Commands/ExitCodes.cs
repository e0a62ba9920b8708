namespace Stadium.Commands;

/// <summary>What every verb's exit code means; the README's table lists the same.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A threshold was breached, or the run itself failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or input: an option that does not parse, a missing file, a bad setting, a port already taken.</summary>
    public const int BadUsage = 2;

    /// <summary>Stopped by Ctrl+C before the verb finished its work (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
