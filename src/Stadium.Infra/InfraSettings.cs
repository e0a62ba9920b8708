namespace Stadium.Infra;

/// <summary>
/// The settings file <c>stadium infra up --dir D</c> writes to <c>D/stadium.json</c>. Its shape is an
/// ASP.NET configuration source: <c>stadium up --config D/stadium.json</c> adds it as a JSON file, and
/// each key also works as an environment variable with <c>__</c> between sections
/// (<c>Stadium__Store__Postgres__Replicas__0</c>).
/// </summary>
public sealed record InfraSettings(StadiumSection Stadium, InfraSection Infra)
{
    public const string FileName = "stadium.json";

    /// <summary>
    /// The service's settings as environment variables, complete with the application user's password, so each
    /// line works as printed (`export` it, or paste it into a compose file). The superuser's password stays in the file.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentVariables()
    {
        var store = Stadium.Store;
        var variables = new List<KeyValuePair<string, string>>
        {
            new("Stadium__Store__Provider", store.Provider),
            new("Stadium__Store__Postgres__Primary", store.Postgres.Primary),
        };
        for (var i = 0; i < store.Postgres.Replicas.Count; i++)
        {
            variables.Add(new($"Stadium__Store__Postgres__Replicas__{i}", store.Postgres.Replicas[i]));
        }

        variables.Add(new("Stadium__Redis__Configuration", Stadium.Redis.Configuration));
        return variables;
    }
}
