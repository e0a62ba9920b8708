namespace Stadium.Infra;

/// <summary>One PostgreSQL server (primary or standby): a data directory started and stopped with pg_ctl.</summary>
internal sealed class PostgresServer(PostgresBinaries binaries, ServerAccount account, string name, string dataDir, int port)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public string Name { get; } = name;
    public string DataDir { get; } = dataDir;
    public int Port { get; } = port;

    /// <summary>Beside the data directory, so it survives a wiped data directory and is easy to find.</summary>
    public string LogFile => DataDir + ".log";

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            await account.RunCheckedAsync(
                binaries.PgCtl,
                ["-D", DataDir, "-l", LogFile, "-w", "-t", Seconds(Timeout), "start"],
                ct);
        }
        catch (InfraCommandException e)
        {
            // pg_ctl only says "examine the log output": the reason is in the log.
            throw new InfraCommandException($"{Name} did not start: {e.Message}\n{LogTail()}");
        }
    }

    /// <summary>Stops the server if it runs; fast mode rolls back open transactions and disconnects clients.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (await IsRunningAsync(ct))
        {
            await account.RunCheckedAsync(
                binaries.PgCtl,
                ["-D", DataDir, "-m", "fast", "-w", "-t", Seconds(Timeout), "stop"],
                ct);
        }
    }

    /// <summary>pg_ctl status exits 0 while a postmaster runs on this data directory.</summary>
    public async Task<bool> IsRunningAsync(CancellationToken ct) =>
        Directory.Exists(DataDir)
        && (await account.RunAsync(binaries.PgCtl, ["-D", DataDir, "status"], ct)).ExitCode == 0;

    /// <summary>The postmaster's process id, from the first line of postmaster.pid; 0 when it is not running.</summary>
    public int ReadPid()
    {
        var pidFile = Path.Combine(DataDir, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return 0;
        }

        var firstLine = File.ReadLines(pidFile).FirstOrDefault();
        return int.TryParse(firstLine, out var pid) ? pid : 0;
    }

    private string LogTail()
    {
        if (!File.Exists(LogFile))
        {
            return $"(no log at {LogFile})";
        }

        return string.Join('\n', File.ReadLines(LogFile).TakeLast(15));
    }

    private static string Seconds(TimeSpan span) => ((int)span.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
