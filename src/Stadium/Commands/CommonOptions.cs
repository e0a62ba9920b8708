using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Stadium.Lab.Reports;
using Stadium.Protection.Slo;

namespace Stadium.Commands;

/// <summary>Options several verbs share, defined once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<int> Port(int defaultPort = 8080, string what = "the API")
    {
        var port = new Option<int>("--port") { Description = $"Port for {what} (0: any free port).", DefaultValueFactory = _ => defaultPort };
        // Checked while parsing: `up` would otherwise seed first and fail only when Kestrel binds.
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

    /// <summary>Adds a range check to a decimal option; NaN and the infinities are outside every range.</summary>
    public static Option<double> InRange(Option<double> option, double min, double max)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !(value >= min && value <= max))
            {
                result.AddError($"{option.Name} must be from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} (got {token.Value})");
            }
        });
        return option;
    }

    /// <summary>
    /// A file the verb writes, checked while parsing: an empty path, a folder, or a place that cannot be created is one
    /// line with exit 2 before any work, instead of .NET's message after it (the check leaves nothing on disk).
    /// </summary>
    public static T FilePath<T>(T option)
        where T : Option => Checked(option, "a file path", OutputPaths.CheckFile);

    /// <summary>A folder the verb writes into, checked like <see cref="FilePath"/>: not a file, and creatable.</summary>
    public static T FolderPath<T>(T option)
        where T : Option => Checked(option, "a folder path", OutputPaths.CheckFolder);

    private static T Checked<T>(T option, string what, Action<string, string> check)
        where T : Option
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens is not [var token])
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(token.Value))
            {
                result.AddError($"{option.Name} needs {what}, not an empty one.");
                return;
            }

            try
            {
                check(token.Value, option.Name);
            }
            catch (FormatException e)
            {
                result.AddError(e.Message);
            }
        });
        return option;
    }

    public static Option<string> Data() => FolderPath(new Option<string>("--data") { Description = "Data folder (SQLite file, signing key).", DefaultValueFactory = _ => ".data" });

    public static Option<int> Users() => InRange(new Option<int>("--users") { Description = "Demo accounts to seed (user1..userN).", DefaultValueFactory = _ => 10_000 }, 1, 100_000_000);

    /// <summary>
    /// An SLO file (slo.yaml): checked while parsing, so a mistake is the verb's one error line naming the file, line and
    /// key, with exit code 2, before anything starts.
    /// </summary>
    public static Option<string?> Slo(string what)
    {
        var slo = new Option<string?>("--slo") { Description = $"SLO file (like the repository's slo.yaml): {what}.", HelpName = "FILE" };
        slo.Validators.Add(result =>
        {
            if (result.Tokens is [var token])
            {
                try
                {
                    SloFileParser.Load(token.Value);
                }
                catch (FormatException e)
                {
                    result.AddError(e.Message);
                }
            }
        });
        return slo;
    }

    /// <summary>A settings file that must exist: checked while parsing, before anything reads or creates data.</summary>
    public static Option<string?> Config()
    {
        var config = new Option<string?>("--config") { Description = "Settings file, e.g. the stadium.json written by `stadium infra up`." };
        config.Validators.Add(result =>
        {
            if (result.Tokens is [var token])
            {
                var path = Path.GetFullPath(token.Value);
                if (!File.Exists(path))
                {
                    result.AddError($"--config: no settings file at {path}");
                }
                else if (NotJson(path) is { } problem)
                {
                    result.AddError($"--config: {path} is not valid JSON ({problem})");
                }
            }
        });
        return config;
    }

    /// <summary>What the JSON settings reader would fail on (it allows comments and trailing commas too), or null.</summary>
    private static string? NotJson(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object ? null : "the top level must be an object";
        }
        catch (JsonException e)
        {
            return $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message.TrimEnd('.');
        }
    }
}
