using System.Globalization;
using Stadium.Protection.Shedding;

namespace Stadium.Protection.Tests.Shedding;

public sealed class HashingPoolTests
{
    [Fact]
    public async Task No_more_work_runs_at_once_than_the_pool_has_threads_and_all_of_it_finishes()
    {
        using var pool = new HashingPool(threads: 2);
        using var release = new ManualResetEventSlim();
        var running = 0;
        var most = 0;
        var work = Enumerable.Range(0, 6).Select(i => pool.RunAsync(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            release.Wait(TimeSpan.FromSeconds(30));
            Interlocked.Decrement(ref running);
            return i;
        }, default)).ToList();

        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref running) == 2, TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(work, task => task.IsCompleted);
        release.Set();
        var results = await Task.WhenAll(work);
        Assert.Equal(Enumerable.Range(0, 6), results);
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task Work_runs_on_threads_below_normal_priority()
    {
        using var pool = new HashingPool(threads: 1);
        var (tid, nice) = await pool.RunAsync(() => (Environment.CurrentManagedThreadId, Stadium.Jobs.Worker.OsThreadPriority.CurrentNiceness()), default);
        Assert.NotEqual(Environment.CurrentManagedThreadId, tid);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(pool.Lowered);
            Assert.True(nice >= HashingPool.Niceness, $"nice {nice}");
            var osThread = await pool.RunAsync(Gettid, default);
            // The kernel's view: field 19 of /proc/self/task/<tid>/stat is the thread's nice value.
            var stat = File.ReadAllText($"/proc/self/task/{osThread}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            Assert.True(int.Parse(fields[16], CultureInfo.InvariantCulture) >= HashingPool.Niceness, stat);
        }
    }

    [Fact]
    public async Task Work_cancelled_before_its_turn_never_runs()
    {
        using var pool = new HashingPool(threads: 1);
        using var release = new ManualResetEventSlim();
        var blocker = pool.RunAsync(() => release.Wait(TimeSpan.FromSeconds(30)), default);
        using var cancelled = new CancellationTokenSource();
        var ran = false;
        var queued = pool.RunAsync(() => ran = true, cancelled.Token);
        await cancelled.CancelAsync();
        release.Set();
        await blocker;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.False(ran);
    }

    /// <summary>The calling thread's kernel id: /proc/thread-self links to "PID/task/TID".</summary>
    private static int Gettid() => int.Parse(Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget!), CultureInfo.InvariantCulture);

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Fact]
    public async Task With_a_budget_hashes_wait_for_the_cpu_it_allows()
    {
        // A budget of a tenth of a core whatever the node does: ten hashes of 20 ms of CPU each take about 2 s.
        var budget = new HashingBudget(cores: 1, headroom: 0.9, minShare: 0.1, TimeProvider.System, () => TimeSpan.Zero);
        using var pool = new HashingPool(threads: 1, budget);
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            await pool.RunAsync(() => Spin(TimeSpan.FromMilliseconds(20)), default);
        }

        // The first 50 ms ride the burst; the other 150 ms of CPU owed take 1.5 s at 0.1 cores. Only a lower bound:
        // a loaded machine makes it slower, never faster.
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(1.2), $"{started.Elapsed}");
        Assert.Equal(0.1, pool.AllowedCores, 3);
    }

    private static bool Spin(TimeSpan cpu)
    {
        var start = ThreadCpuTime.Current();
        while (ThreadCpuTime.Current() - start < cpu)
        {
            Thread.SpinWait(1000);
        }

        return true;
    }
}
