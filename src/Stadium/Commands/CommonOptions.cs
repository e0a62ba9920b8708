using System.CommandLine;

namespace Stadium.Commands;

/// <summary>Options several verbs share, defined once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<int> Port() => new("--port") { Description = "Port on 127.0.0.1.", DefaultValueFactory = _ => 8080 };

    public static Option<string> Data() => new("--data") { Description = "Data folder (SQLite file, signing key).", DefaultValueFactory = _ => ".data" };

    public static Option<int> Users() => new("--users") { Description = "Demo accounts to seed (user1..userN).", DefaultValueFactory = _ => 10_000 };

    public static Option<string?> Config() => new("--config") { Description = "Settings file, e.g. the stadium.json written by `stadium infra up`." };
}
