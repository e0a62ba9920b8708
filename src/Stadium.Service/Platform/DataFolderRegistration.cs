using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Protection.Settings;

namespace Stadium.Service.Platform;

public static class DataFolderRegistration
{
    /// <summary>Stadium:DataFolder, checked at start, for the modules that keep files there.</summary>
    public static IServiceCollection AddDataFolder(this IServiceCollection services)
    {
        services.AddSettings<DataFolderOptions>(DataFolderOptions.Section, (options, check) => check.NotEmpty("DataFolder", options.DataFolder));
        return services;
    }

    /// <summary>The data folder as configured now, for what must exist while services are registered (the signing key).</summary>
    public static string DataFolder(this IConfiguration configuration) =>
        configuration.GetSection(DataFolderOptions.Section).Get<DataFolderOptions>()?.DataFolder ?? new DataFolderOptions().DataFolder;
}
