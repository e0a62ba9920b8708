using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stadium.Jobs;
using Stadium.Jobs.Worker;
using Stadium.Protection.Settings;

namespace Stadium.Service.Platform.Retention;

/// <summary>
/// "Stadium:Retention": the settings, the sweep job (its handler and its schedule) and the sweeps of what the platform
/// keeps (idempotency keys, finished jobs). Features add the sweeps of their own tables (<see cref="IRetentionSweep"/>).
/// </summary>
public static class RetentionRegistration
{
    /// <summary>One sweep at a time per worker, below normal OS priority, retried a few times (it resumes where it stopped).</summary>
    internal static readonly JobTypeDefaults JobType = new(RetentionSweeper.JobType, () => new JobTypeOptions
    {
        Concurrency = 1,
        MaxAttempts = 3,
        LowPriority = true,
        Lease = TimeSpan.FromMinutes(2),
    });

    /// <summary>The longest interval a <see cref="PeriodicTimer"/> accepts is about 49 days; a day is already rare enough.</summary>
    private static readonly TimeSpan LongestInterval = TimeSpan.FromDays(1);

    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddSettings<RetentionOptions>(RetentionOptions.Section, Check);
        // Not TryAddEnumerable: every feature's defaults share this type, which would keep only the first.
        services.AddSingleton(JobType);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRetentionSweep, IdempotencyKeySweep>());
        services.AddSingleton<IRetentionSweep>(sp => new FinishedJobSweep(sp.GetRequiredService<IJobQueue>(), JobState.Completed));
        services.AddSingleton<IRetentionSweep>(sp => new FinishedJobSweep(sp.GetRequiredService<IJobQueue>(), JobState.Dead));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobHandler, RetentionSweeper>());
        services.AddHostedService<RetentionScheduler>();
        return services;
    }

    /// <summary>The section's values in range, each failure naming its key.</summary>
    internal static void Check(RetentionOptions retention, SettingChecks checks) => checks
        .Positive(nameof(retention.IdempotencyKeys), retention.IdempotencyKeys)
        .NotNegative(nameof(retention.CompletedJobs), retention.CompletedJobs)
        .Positive(nameof(retention.DeadJobs), retention.DeadJobs)
        .Positive(nameof(retention.Deliveries), retention.Deliveries)
        .That(retention.Deliveries >= retention.DeadJobs, nameof(retention.Deliveries),
            $"must be at least DeadJobs ({retention.DeadJobs}): a retried dead batch reads the delivery ledger to skip recipients already reached (got {retention.Deliveries})")
        .Positive(nameof(retention.Exports), retention.Exports)
        .Between(nameof(retention.SweepBatch), retention.SweepBatch, 1, 10_000)
        .Positive(nameof(retention.SweepInterval), retention.SweepInterval)
        .That(retention.SweepInterval <= LongestInterval, nameof(retention.SweepInterval), $"must be at most {LongestInterval} (got {retention.SweepInterval})");
}
