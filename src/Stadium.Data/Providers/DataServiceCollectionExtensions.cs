using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stadium.Data.Requests;

namespace Stadium.Data.Providers;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The configured store: its provider's services, the provider itself (the job queue picks by its name), and the
    /// request context the data tier reads. Migrations run when the host starts.
    /// </summary>
    public static IDataProvider AddStadiumData(this IServiceCollection services, StoreOptions store, string dataFolder)
    {
        var provider = DataProviders.Get(store.Provider);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DataRequestAccessor>();
        services.AddSingleton(provider);
        provider.AddServices(services, store, dataFolder);
        services.AddHostedService<DatabaseMigrations>();
        return provider;
    }
}
