using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stadium.Jobs;
using Stadium.Jobs.Worker;
using Stadium.Service.Platform.Retention;

namespace Stadium.Service.Platform;

/// <summary>
/// The durable queue and, where this process runs them, the workers. "Stadium:Jobs" configures the queue and each
/// job type; the features that enqueue work register their handlers and their types' defaults (<see cref="JobTypeDefaults"/>).
/// </summary>
public static class JobsRegistration
{
    public const string Section = "Stadium:Jobs";

    /// <summary>What shutdown needs beyond the drain: cancelling the jobs still running, releasing them, the last acknowledgements.</summary>
    public static readonly TimeSpan ReleaseAllowance = TimeSpan.FromSeconds(10);

    /// <param name="runWorkers">Force workers on (`stadium work`) or off; null follows Stadium:Jobs:RunWorkers, which
    /// defaults to on for the embedded default and off on PostgreSQL, where `stadium work` runs them.</param>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder, StadiumOptions options, bool? runWorkers = null)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var jobs = ReadOptions(configuration, []);
        // Built when first used, once every feature has registered its job types.
        services.AddSingleton(sp => ReadOptions(configuration, sp.GetServices<JobTypeDefaults>()));
        // Checked with every other section when the host starts (the CLI prints each failure as one line).
        services.AddOptions<JobsSettings>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsSettings>>(sp =>
            new Stadium.Protection.Settings.SettingsValidator<JobsSettings>(Section, (_, checks) => Check(sp.GetRequiredService<JobsOptions>(), checks)));

        services.AddJobQueue();
        services.AddRetention();

        services.AddSingleton<DeadLetters>();
        services.AddSingleton<QueueReadings>();
        services.AddSingleton<JobBackpressure>();
        services.AddHostedService<JobStatsPublisher>();
        if (runWorkers ?? jobs.RunWorkers ?? Stadium.Data.Providers.DataProviders.Get(options.Store.Provider).Embedded)
        {
            services.AddSingleton<JobWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<JobWorker>());
            // The host stops waiting for its services after ShutdownTimeout (20 s by default here) and exits: under a longer
            // DrainTimeout the jobs still running would be neither finished nor released, and would wait out their leases.
            services.PostConfigure<HostOptions>(host =>
                host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (jobs.DrainTimeout + ReleaseAllowance).Ticks)));
        }

        return builder;
    }

    /// <summary>The section's values in range, each failure naming its key.</summary>
    internal static void Check(JobsOptions jobs, Stadium.Protection.Settings.SettingChecks checks)
    {
        checks.Positive(nameof(JobsOptions.PollInterval), jobs.PollInterval)
            .NotNegative(nameof(JobsOptions.DrainTimeout), jobs.DrainTimeout)
            .AtLeast(nameof(JobsOptions.MaxConnections), jobs.MaxConnections, 1)
            .AtLeast(nameof(JobsOptions.MaxAutoPrepare), jobs.MaxAutoPrepare, 0)
            .Positive(nameof(JobsOptions.StatsInterval), jobs.StatsInterval);
        foreach (var (name, type) in jobs.Types)
        {
            var key = $"Types:{name}:";
            checks.AtLeast(key + nameof(JobTypeOptions.Concurrency), type.Concurrency, 1)
                .AtLeast(key + nameof(JobTypeOptions.MaxAttempts), type.MaxAttempts, 1)
                .Positive(key + nameof(JobTypeOptions.Lease), type.Lease)
                .NotNegative(key + nameof(JobTypeOptions.Backoff), type.Backoff)
                .AtLeast(key + nameof(JobTypeOptions.MaxPending), type.MaxPending, 0)
                .AtLeast(key + nameof(JobTypeOptions.PerUserMaxPending), type.PerUserMaxPending, 0);
        }
    }

    /// <summary>
    /// "Stadium:Jobs" over the features' defaults: a configured field of a feature's job type replaces that field only
    /// (setting export.pdf's MaxAttempts keeps its lease, concurrency and bounds); other types start from the
    /// <see cref="JobTypeOptions"/> defaults.
    /// </summary>
    internal static JobsOptions ReadOptions(IConfiguration configuration, IEnumerable<JobTypeDefaults> defaults)
    {
        var jobs = new JobsOptions();
        foreach (var type in defaults)
        {
            jobs.Types.TryAdd(type.Type, type.Create());
        }

        // The binder fills existing dictionary entries in place, so configuration lands on top of the defaults.
        configuration.GetSection(Section).Bind(jobs);
        jobs.KeepCompleted = (configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions()).CompletedJobs > TimeSpan.Zero;
        return jobs;
    }
}
