using Microsoft.Extensions.Configuration;
using Stadium.Service;

namespace Stadium.Commands;

/// <summary>
/// The settings a verb runs with before (or without) a node: layered exactly as an API node's (<see cref="StadiumHost.CreateBuilder"/>:
/// appsettings.json in the working directory, environment variables, the settings file, then --data), so that `up` seeds
/// the store it then serves and `seed` fills the one `serve` reads.
/// </summary>
internal static class StadiumConfiguration
{
    public static StadiumOptions Load(string dataFolder, string? configFile)
    {
        var builder = StadiumHost.CreateBuilder(new StadiumHostSettings(DataFolder: dataFolder, ConfigFile: configFile));
        // The builder watches its JSON files for changes; a verb reads them once.
        using var configuration = builder.Configuration;
        return configuration.GetSection(StadiumOptions.Section).Get<StadiumOptions>() ?? new StadiumOptions { DataFolder = dataFolder };
    }
}
