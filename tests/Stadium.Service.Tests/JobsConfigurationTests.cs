using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Data.Providers;
using Stadium.Jobs;
using Stadium.Service.Features.Announcements;
using Stadium.Service.Features.Exports;
using Stadium.Service.Platform;

namespace Stadium.Service.Tests;

public sealed class JobsConfigurationTests
{
    [Fact]
    public void A_configured_field_of_a_built_in_type_replaces_that_field_only()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stadium:Jobs:Types:export.pdf:MaxAttempts"] = "2",
            ["Stadium:Jobs:Types:announcement.batch:Concurrency"] = "9",
            ["Stadium:Jobs:Types:custom:Concurrency"] = "3",
        }).Build();

        var jobs = JobsRegistration.ReadOptions(configuration, [ExportsModule.JobType, AnnouncementsModule.FanOutJobType, AnnouncementsModule.BatchJobType]);

        var export = jobs.For(ExportStore.JobType);
        Assert.Equal(2, export.MaxAttempts);
        Assert.Equal((10_000, 1, 2, true, TimeSpan.FromMinutes(2)), (export.MaxPending, export.PerUserMaxPending, export.Concurrency, export.LowPriority, export.Lease));
        var batch = jobs.For(AnnouncementStore.BatchJob);
        Assert.Equal((9, 10, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)), (batch.Concurrency, batch.MaxAttempts, batch.Backoff, batch.Lease));
        Assert.Equal(1_000, jobs.For(AnnouncementStore.FanOutJob).MaxPending);
        var custom = jobs.For("custom");
        Assert.Equal((3, new JobTypeOptions().MaxAttempts, new JobTypeOptions().Lease), (custom.Concurrency, custom.MaxAttempts, custom.Lease));
    }

    [Theory]
    [InlineData("00:00:05", 20)]
    [InlineData("00:00:40", 50)]
    public void The_host_waits_for_the_job_drain_and_the_release_after_it(string drainTimeout, int shutdownSeconds)
    {
        var data = Path.Combine(Path.GetTempPath(), "stadium-jobs-config-tests", Guid.NewGuid().ToString("n"));
        try
        {
            using var worker = WorkerHost.Build(new StadiumHostSettings(Port: 0, DataFolder: data,
                Settings: new Dictionary<string, string?> { ["Stadium:Jobs:DrainTimeout"] = drainTimeout }));
            // At least the drain plus the release allowance (and never under the 20 s default), so running jobs finish or are released.
            Assert.Equal(TimeSpan.FromSeconds(shutdownSeconds), worker.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
            // Building registers; migrations (which create the store's file) run only when a host starts.
            Assert.False(Directory.Exists(data));
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_queue_a_node_enqueues_through_applies_the_features_job_type_defaults_and_configuration()
    {
        var data = Path.Combine(Path.GetTempPath(), "stadium-jobs-config-tests", Guid.NewGuid().ToString("n"));
        try
        {
            // Built, not started: no worker takes the jobs away before they are read back.
            using var worker = WorkerHost.Build(new StadiumHostSettings(Port: 0, DataFolder: data,
                Settings: new Dictionary<string, string?> { ["Stadium:Jobs:Types:announcement.fanout:MaxAttempts"] = "4" }));
            await worker.Services.GetRequiredService<IDatabaseMigrator>().MigrateAsync(CancellationToken.None);
            var queue = worker.Services.GetRequiredService<IJobQueue>();
            var database = worker.Services.GetRequiredService<IDatabase>();

            var batch = await EnqueueAsync(AnnouncementStore.BatchJob);
            var fanOut = await EnqueueAsync(AnnouncementStore.FanOutJob);

            // The batch type's own default (10, from the Announcements module; a type without defaults gets 5), and the
            // configured value over the fan-out's default (10).
            Assert.Equal(10, (await queue.GetAsync(batch, CancellationToken.None))!.MaxAttempts);
            Assert.Equal(4, (await queue.GetAsync(fanOut, CancellationToken.None))!.MaxAttempts);

            async Task<long> EnqueueAsync(string type) => (await database.WriteAsync(
                (connection, transaction) => queue.EnqueueAsync(connection, transaction, new JobRequest(type, "{}", UserId: 1), CancellationToken.None),
                CancellationToken.None)).JobId!.Value;
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
