using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Stadium.Jobs;
using Stadium.Jobs.Worker;
using Stadium.Service.Features.Announcements;
using Stadium.Service.Features.Exports;
using StackExchange.Redis;

namespace Stadium.Service.Platform;

/// <summary>
/// The durable queue, the work it carries (exports, announcements) and, where this process runs them, the
/// workers. "Stadium:Jobs" configures the queue and each job type; "Stadium:Email" the email provider.
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
        var jobs = ReadOptions(builder.Configuration);
        var email = builder.Configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions();
        services.AddSingleton(jobs);
        services.AddSingleton(email);

        services.AddJobQueue(jobs);

        services.AddSingleton<ExportStore>();
        services.AddSingleton<ExportPdfWriter>();
        services.AddSingleton(new ExportFiles(Path.Combine(options.DataFolder, "exports")));
        services.AddSingleton<IJobHandler, ExportJobHandler>();

        services.AddSingleton<AnnouncementStore>();
        services.AddSingleton<IEmailSender>(_ => string.Equals(email.Provider, "Smtp", StringComparison.OrdinalIgnoreCase)
            ? new SmtpEmailSender(email)
            : new FileDropEmailSender(Path.Combine(options.DataFolder, email.OutboxFolder), email.From));
        // With Redis (API nodes and `stadium work` alike) the send rate is one bucket for the whole fleet.
        services.AddSingleton(sp => new EmailSendRate(email, sp.GetRequiredService<TimeProvider>(), sp.GetService<IConnectionMultiplexer>()));
        services.AddSingleton<EmailDelivery>();
        services.AddSingleton<IJobHandler, AnnouncementFanOutHandler>();
        services.AddSingleton<IJobHandler, AnnouncementBatchHandler>();

        services.AddSingleton<DeadLetters>();
        services.AddSingleton<QueueReadings>();
        services.AddSingleton<JobBackpressure>();
        services.AddHostedService<JobStatsPublisher>();
        if (runWorkers ?? jobs.RunWorkers ?? Stadium.Data.Providers.DataProviders.Get(options.Store.Provider).Embedded)
        {
            services.AddSingleton<JobWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<JobWorker>());
            // The host stops waiting for its services after ShutdownTimeout (20 s by default here) and exits: with a longer
            // DrainTimeout the jobs still running were then neither finished nor released, and waited out their leases.
            services.PostConfigure<HostOptions>(host =>
                host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (jobs.DrainTimeout + ReleaseAllowance).Ticks)));
        }

        return builder;
    }

    /// <summary>
    /// "Stadium:Jobs" over the built-in defaults: a configured field of a built-in type replaces that field only
    /// (setting export.pdf's MaxAttempts keeps its lease, concurrency and bounds); other types start from the
    /// <see cref="JobTypeOptions"/> defaults.
    /// </summary>
    internal static JobsOptions ReadOptions(IConfiguration configuration)
    {
        var jobs = new JobsOptions();
        AddBuiltInTypes(jobs);
        // The binder fills existing dictionary entries in place, so configuration lands on top of the defaults.
        configuration.GetSection(Section).Bind(jobs);
        return jobs;
    }

    /// <summary>Bounds and concurrency for the built-in job types.</summary>
    private static void AddBuiltInTypes(JobsOptions jobs)
    {
        jobs.Types.TryAdd(ExportStore.JobType, new JobTypeOptions
        {
            MaxPending = 10_000,
            PerUserMaxPending = 1,
            Concurrency = 2,
            LowPriority = true,
            MaxAttempts = 5,
            Lease = TimeSpan.FromMinutes(2),
        });
        jobs.Types.TryAdd(AnnouncementStore.FanOutJob, new JobTypeOptions
        {
            MaxPending = 1_000,
            PerUserMaxPending = 3,
            Concurrency = 1,
            MaxAttempts = 10,
            Lease = TimeSpan.FromMinutes(1),
        });
        jobs.Types.TryAdd(AnnouncementStore.BatchJob, new JobTypeOptions
        {
            // Admission bounds for new announcements (AnnouncementStore.CreateAsync): batches themselves are never refused.
            // 2,000 batches of 500 are a million emails, about 80 min at 200/s.
            MaxPending = 2_000,
            MaxOldestAge = TimeSpan.FromMinutes(10),
            Concurrency = 4,
            MaxAttempts = 10,
            Backoff = TimeSpan.FromSeconds(5),
            Lease = TimeSpan.FromMinutes(1),
        });
    }
}
