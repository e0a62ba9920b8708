using Microsoft.Extensions.DependencyInjection;
using Stadium.Data;
using Stadium.Data.Postgres;
using Stadium.Data.Providers;
using Stadium.Jobs.Postgres;
using Stadium.Jobs.Sqlite;

namespace Stadium.Jobs;

public static class JobQueueRegistration
{
    /// <summary>
    /// The durable queue in the configured store's own database (registered by AddStadiumData), chosen by the data
    /// provider's name: each backend's queue is registered under it. The queue takes <see cref="JobsOptions"/> from the
    /// container, as registered with every job type's defaults.
    /// </summary>
    public static IServiceCollection AddJobQueue(this IServiceCollection services)
    {
        services.AddKeyedSingleton<IJobQueue>("sqlite", (sp, _) =>
            new SqliteJobQueue(sp.GetRequiredService<IDatabase>(), sp.GetRequiredService<JobsOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddKeyedSingleton<IJobQueue>("postgres", (sp, _) =>
            new PostgresJobQueue(sp.GetRequiredService<PostgresOptions>().Primary, sp.GetRequiredService<JobsOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<IJobQueue>(sp.GetRequiredService<IDataProvider>().Name));
        return services;
    }
}
