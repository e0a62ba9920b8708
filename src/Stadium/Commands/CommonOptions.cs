using System.CommandLine;

namespace Stadium.Commands;

/// <summary>Options several verbs share, defined once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<int> Port()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: any free port).", DefaultValueFactory = _ => 8080 };
        // Checked while parsing: `up` would otherwise seed first and fail only when Kestrel binds, with a stack trace.
        return InRange(port, 0, 65535);
    }

    /// <summary>Adds a range check to a number option, reported while parsing like any other parse error.</summary>
    public static Option<int> InRange(Option<int> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            // Only a number can be out of range; anything else the parser reports itself (reading it here would throw).
            if (result.Tokens is [var token] && int.TryParse(token.Value, out var value) && (value < min || value > max))
            {
                result.AddError($"{option.Name} must be between {min} and {max}.");
            }
        });
        return option;
    }

    public static Option<string> Data() => new("--data") { Description = "Data folder (SQLite file, signing key).", DefaultValueFactory = _ => ".data" };

    public static Option<int> Users() => new("--users") { Description = "Demo accounts to seed (user1..userN).", DefaultValueFactory = _ => 10_000 };

    public static Option<string?> Config() => new("--config") { Description = "Settings file, e.g. the stadium.json written by `stadium infra up`." };
}
