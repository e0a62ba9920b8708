using System.CommandLine;

namespace Stadium.Commands;

/// <summary>Options several verbs share, defined once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<int> Port()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: any free port).", DefaultValueFactory = _ => 8080 };
        // Checked while parsing: `up` would otherwise seed first and fail only when Kestrel binds, with a stack trace.
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be between 0 and 65535.");
            }
        });
        return port;
    }

    public static Option<string> Data() => new("--data") { Description = "Data folder (SQLite file, signing key).", DefaultValueFactory = _ => ".data" };

    public static Option<int> Users() => new("--users") { Description = "Demo accounts to seed (user1..userN).", DefaultValueFactory = _ => 10_000 };

    public static Option<string?> Config() => new("--config") { Description = "Settings file, e.g. the stadium.json written by `stadium infra up`." };
}
