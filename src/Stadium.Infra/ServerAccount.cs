namespace Stadium.Infra;

/// <summary>
/// The account the PostgreSQL programs run under. PostgreSQL refuses to run as root, so as root
/// they run as the unprivileged <c>postgres</c> account that Debian's package creates.
/// </summary>
internal sealed class ServerAccount
{
    private const string DebianPostgresAccount = "postgres";

    private ServerAccount(string userName, bool switchesUser)
    {
        UserName = userName;
        SwitchesUser = switchesUser;
    }

    public string UserName { get; }

    /// <summary>True when commands are wrapped in runuser because this process is root.</summary>
    public bool SwitchesUser { get; }

    public static ServerAccount ForCurrentProcess() =>
        Environment.IsPrivilegedProcess || Environment.UserName == "root"
            ? new ServerAccount(DebianPostgresAccount, switchesUser: true)
            : new ServerAccount(Environment.UserName, switchesUser: false);

    /// <summary>The command line that runs <paramref name="file"/> as this account.</summary>
    public (string File, IReadOnlyList<string> Arguments) Wrap(string file, IEnumerable<string> arguments) =>
        SwitchesUser
            ? ("runuser", ["-u", UserName, "--", file, .. arguments])
            : (file, [.. arguments]);

    public Task<CommandResult> RunCheckedAsync(
        string file,
        IEnumerable<string> arguments,
        CancellationToken ct,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var (wrappedFile, wrappedArguments) = Wrap(file, arguments);
        return CommandRunner.RunCheckedAsync(wrappedFile, wrappedArguments, environment, ct, Path.GetFileName(file));
    }

    public Task<CommandResult> RunAsync(string file, IEnumerable<string> arguments, CancellationToken ct)
    {
        var (wrappedFile, wrappedArguments) = Wrap(file, arguments);
        return CommandRunner.RunAsync(wrappedFile, wrappedArguments, null, ct);
    }

    /// <summary>
    /// Creates the data folder so this account owns it, and checks that it can reach it: as root a
    /// folder under a private parent (say /root) is out of the postgres account's reach.
    /// </summary>
    public async Task PrepareFolderAsync(string folder, CancellationToken ct)
    {
        CreateTraversable(folder);
        if (!SwitchesUser)
        {
            return;
        }

        await CommandRunner.RunCheckedAsync("chown", [$"{UserName}:", folder], null, ct);
        var probe = await RunAsync("/usr/bin/test", ["-w", folder, "-a", "-x", folder], ct);
        if (probe.ExitCode != 0)
        {
            throw new InfraCommandException(
                $"the '{UserName}' account cannot reach {folder}: PostgreSQL refuses to run as root, so its servers run as " +
                $"'{UserName}'. Make each parent folder traversable (chmod o+x), or choose a folder whose parents already are (one made by mkdir under /tmp; mktemp -d makes its folder private).");
        }
    }

    /// <summary>Creates the folder and any missing parents as rwxr-xr-x, whatever the umask.</summary>
    private static void CreateTraversable(string folder)
    {
        var missing = new Stack<string>();
        for (var dir = Path.GetFullPath(folder); !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!)
        {
            missing.Push(dir);
        }

        while (missing.TryPop(out var dir))
        {
            Directory.CreateDirectory(dir);
            FileModes.Set(dir, FileModes.Traversable);
        }
    }
}
