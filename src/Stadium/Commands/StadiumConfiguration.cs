using Microsoft.Extensions.Configuration;
using Stadium.Service;
using Stadium.Service.Platform;

namespace Stadium.Commands;

/// <summary>The settings a verb runs with: an optional settings file, then Stadium__* environment variables, then --data.</summary>
internal static class StadiumConfiguration
{
    public static StadiumOptions Load(string dataFolder, string? configFile)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        builder.AddEnvironmentVariables();
        builder.AddInMemoryCollection(new Dictionary<string, string?> { ["Stadium:DataFolder"] = dataFolder });
        return builder.Build().GetSection(StadiumOptions.Section).Get<StadiumOptions>() ?? new StadiumOptions { DataFolder = dataFolder };
    }
}
