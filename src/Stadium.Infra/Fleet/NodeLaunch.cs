namespace Stadium.Infra.Fleet;

/// <summary>How to start one child: its command line, its log file, its cgroup (null: uncapped) and extra environment.</summary>
internal sealed record NodeLaunch(
    string Name,
    IReadOnlyList<string> Command,
    string LogFile,
    NodeCgroup? Cgroup,
    IReadOnlyDictionary<string, string> Environment);
