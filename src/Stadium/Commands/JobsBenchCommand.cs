using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Stadium.Data;
using Stadium.Data.Providers;
using Stadium.Jobs;
using Stadium.Jobs.Worker;
using Stadium.Service;

namespace Stadium.Commands;

/// <summary>
/// `stadium work bench`: no-op jobs through the configured store's queue. Throughput is enqueue-to-completion
/// (the clock runs from the first enqueue until the last job is acknowledged); pickup latency is from the
/// start of an enqueue transaction to its handler starting, one job at a time on an idle worker.
/// </summary>
internal static class JobsBenchCommand
{
    private const string NoOp = "bench.noop";
    private const string Probe = "bench.probe";

    public static Command Create()
    {
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var jobs = new Option<int>("--jobs") { Description = "No-op jobs for the throughput run.", DefaultValueFactory = _ => 20_000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Worker concurrency for the no-op type.", DefaultValueFactory = _ => 64 };
        var producers = new Option<int>("--producers") { Description = "Concurrent enqueuers (each commits 100 jobs per transaction).", DefaultValueFactory = _ => 4 };
        var samples = new Option<int>("--samples") { Description = "Pickup latency samples.", DefaultValueFactory = _ => 300 };
        var noAutoPrepare = new Option<bool>("--no-auto-prepare") { Description = "PostgreSQL: parse and plan every statement on every call (the baseline auto-preparation is measured against)." };
        var command = new Command("bench", "Measure no-op jobs/s (enqueue to completion) and pickup latency on the configured store.")
        {
            data, config, jobs, concurrency, producers, samples, noAutoPrepare,
        };
        command.SetAction(async (result, ct) =>
        {
            var options = StadiumConfiguration.Load(result.GetValue(data)!, result.GetValue(config));
            var autoPrepare = !result.GetValue(noAutoPrepare);
            await RunAsync(options, result.GetValue(jobs), result.GetValue(concurrency), result.GetValue(producers), result.GetValue(samples), autoPrepare, ct);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(StadiumOptions options, int jobCount, int concurrency, int producers, int samples, bool autoPrepare, CancellationToken ct)
    {
        var jobsOptions = new JobsOptions { PollInterval = TimeSpan.FromSeconds(1) };
        if (!autoPrepare)
        {
            jobsOptions.MaxAutoPrepare = 0;
        }

        jobsOptions.Types[NoOp] = new JobTypeOptions { Concurrency = concurrency };
        jobsOptions.Types[Probe] = new JobTypeOptions { Concurrency = 1 };
        var time = TimeProvider.System;
        var store = options.Store;
        // The queue alone: no replicas to route reads to, and the baseline without Npgsql's automatic preparation on request.
        store.Postgres.Replicas = [];
        if (!autoPrepare)
        {
            store.Postgres.MaxAutoPrepare = 0;
        }

        var services = new ServiceCollection();
        var provider = services.AddStadiumData(store, options.DataFolder);
        services.AddSingleton(jobsOptions);
        services.AddJobQueue();
        await using var container = services.BuildServiceProvider();
        await container.GetRequiredService<IDatabaseMigrator>().MigrateAsync(ct);
        var queue = container.GetRequiredService<IJobQueue>();
        var database = container.GetRequiredService<IDatabase>();
        var backend = provider.Name + (autoPrepare ? "" : " (statements not prepared)");

        var noOp = new CountingHandler(NoOp);
        var probe = new CountingHandler(Probe);
        using var worker = new JobWorker(queue, [noOp, probe], jobsOptions, time, NullLogger<JobWorker>.Instance);
        await worker.StartAsync(ct);
        try
        {
            Console.WriteLine($"backend: {backend}; {jobCount:N0} no-op jobs per run, {producers} producers x 100 jobs per transaction, worker concurrency {concurrency}");
            foreach (var batched in new[] { false, true })
            {
                await ThroughputAsync(queue, database, noOp, jobCount, producers, batched, ct);
            }

            var latencies = new List<double>(samples);
            var afterCommit = new List<double>(samples);
            for (var i = 0; i < samples; i++)
            {
                var started = probe.NextStart();
                // From before the enqueue transaction (so its own cost is included): an upper bound on commit-to-start.
                var enqueuedAt = Stopwatch.GetTimestamp();
                await database.WriteAsync(async (connection, transaction) =>
                {
                    await queue.EnqueueAsync(connection, transaction, new JobRequest(Probe, "{}"), ct);
                    return 0;
                }, ct);
                var committedAt = Stopwatch.GetTimestamp();
                var startedAt = await started.WaitAsync(TimeSpan.FromSeconds(30), ct);
                latencies.Add(Stopwatch.GetElapsedTime(enqueuedAt, startedAt).TotalMilliseconds);
                // The handler may start before the commit acknowledgement reaches this client: count that as 0.
                afterCommit.Add(Math.Max(0, Stopwatch.GetElapsedTime(committedAt, startedAt).TotalMilliseconds));
                await Task.Delay(Random.Shared.Next(5, 15), ct);
            }

            latencies.Sort();
            afterCommit.Sort();
            Console.WriteLine($"pickup latency, commit acknowledged -> handler start ({samples} samples): p50 {Percentile(afterCommit, 0.50):N2} ms, p99 {Percentile(afterCommit, 0.99):N2} ms, max {afterCommit[^1]:N2} ms");
            Console.WriteLine($"pickup latency, enqueue transaction start -> handler start: p50 {Percentile(latencies, 0.50):N2} ms, p99 {Percentile(latencies, 0.99):N2} ms, max {latencies[^1]:N2} ms");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private static async Task ThroughputAsync(IJobQueue queue, IDatabase database, CountingHandler noOp, int jobCount, int producers, bool batched, CancellationToken ct)
    {
        var baseline = noOp.Count;
        var perProducer = jobCount / producers;
        var total = perProducer * producers;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            for (var done = 0; done < perProducer; done += 100)
            {
                var requests = Enumerable.Range(0, Math.Min(100, perProducer - done)).Select(_ => new JobRequest(NoOp, "{}")).ToList();
                await database.WriteAsync(async (connection, transaction) =>
                {
                    if (batched)
                    {
                        await queue.EnqueueManyAsync(connection, transaction, requests, ct);
                        return 0;
                    }

                    foreach (var request in requests)
                    {
                        await queue.EnqueueAsync(connection, transaction, request, ct);
                    }

                    return 0;
                }, ct);
            }
        }, ct)));
        var enqueued = watch.Elapsed;
        while (noOp.Count - baseline < total || (await queue.StatsAsync(null, ct)).Any(s => s.Type == NoOp && s.Pending > 0))
        {
            await Task.Delay(5, ct);
        }

        var elapsed = watch.Elapsed;
        Console.WriteLine($"throughput ({(batched ? "EnqueueManyAsync, one statement per transaction" : "EnqueueAsync, one statement per job")}): " +
            $"{total / elapsed.TotalSeconds:N0} jobs/s enqueue-to-completion ({total:N0} in {elapsed.TotalSeconds:N2} s; enqueue alone {total / enqueued.TotalSeconds:N0} jobs/s)");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed class CountingHandler(string type) : IJobHandler
    {
        private int _count;
        private TaskCompletionSource<long> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Type => type;

        public int Count => Volatile.Read(ref _count);

        /// <summary>Completes with the timestamp at which the next job starts.</summary>
        public Task<long> NextStart()
        {
            Volatile.Write(ref _next, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
            return _next.Task;
        }

        public Task HandleAsync(ClaimedJob job, CancellationToken ct)
        {
            Volatile.Read(ref _next).TrySetResult(Stopwatch.GetTimestamp());
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }
    }
}
