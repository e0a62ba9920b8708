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
    /// provider's name: each backend's queue is registered under it.
    /// </summary>
    public static IServiceCollection AddJobQueue(this IServiceCollection services, JobsOptions jobs)
    {
        services.AddKeyedSingleton<IJobQueue>("sqlite", (sp, _) =>
            new SqliteJobQueue(sp.GetRequiredService<IDatabase>(), jobs, sp.GetRequiredService<TimeProvider>()));
        services.AddKeyedSingleton<IJobQueue>("postgres", (sp, _) =>
            new PostgresJobQueue(sp.GetRequiredService<PostgresOptions>().Primary, jobs, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<IJobQueue>(sp.GetRequiredService<IDataProvider>().Name));
        return services;
    }
}
