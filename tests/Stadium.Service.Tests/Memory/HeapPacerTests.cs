using Stadium.Service.Platform.Memory;

namespace Stadium.Service.Tests.Memory;

/// <summary>
/// The pacer on simulated heap readings (a 400 MB budget, so the floor is 100 MB): it runs a compacting full collection
/// once the heap outgrows 1.2 x (the default) what the last full one kept alive, never twice within the interval, never within the
/// interval after a blocking one the runtime ran (a background one does not count: it leaves the heap as large), never
/// before the runtime's first full collection, and never for a heap under the floor.
/// </summary>
public sealed class HeapPacerTests : IDisposable
{
    private const long Mb = 1L << 20;
    private readonly MemoryTestHost _host = new(new() { ["Stadium:Memory:Budget"] = "400MB" });

    public void Dispose() => _host.Dispose();

    private HeapPacer Pacer => _host.Get<HeapPacer>();

    /// <summary>The runtime's first full collection kept <paramref name="liveMb"/> alive; the pacer has seen it.</summary>
    private void AfterFullCollection(long liveMb)
    {
        _host.Probe.Heap = new HeapReading(liveMb * Mb, liveMb * Mb, 1);
        Assert.False(Pacer.Check());
    }

    [Fact]
    public void A_heap_past_the_growth_limit_gets_one_compacting_collection_and_the_counter_counts_it()
    {
        AfterFullCollection(200);
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        _host.Probe.Heap = new HeapReading(230 * Mb, 200 * Mb, 1);
        Assert.False(Pacer.Check());

        _host.Probe.Heap = new HeapReading(270 * Mb, 200 * Mb, 1);
        Assert.True(Pacer.Check());
        Assert.Equal(1, _host.Probe.CollectionsAsked);
        _host.Measurements.Observe();
        Assert.Equal(1, _host.Measurements.Get("stadium.memory.gc.paced"));
    }

    [Fact]
    public void No_second_collection_within_the_interval_even_while_the_heap_stays_high()
    {
        AfterFullCollection(200);
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        _host.Probe.Heap = new HeapReading(300 * Mb, 200 * Mb, 1);
        Assert.True(Pacer.Check());

        _host.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(Pacer.Check());
        _host.Time.Advance(TimeSpan.FromSeconds(11));
        Assert.True(Pacer.Check());
        Assert.Equal(2, _host.Probe.CollectionsAsked);
    }

    [Fact]
    public void A_blocking_collection_the_runtime_ran_by_itself_restarts_the_interval()
    {
        AfterFullCollection(200);
        _host.Time.Advance(TimeSpan.FromMinutes(5));
        _host.Probe.Heap = new HeapReading(300 * Mb, 210 * Mb, 2);
        Assert.False(Pacer.Check());
        _host.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(Pacer.Check());
        Assert.Equal(0, _host.Probe.CollectionsAsked);
    }

    [Fact]
    public void A_background_collection_tells_what_is_alive_but_does_not_restart_the_interval()
    {
        AfterFullCollection(200);
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        // The runtime's background collection found 150 MB alive and swept the rest, leaving the heap as large as it was.
        _host.Probe.Heap = new HeapReading(230 * Mb, 150 * Mb, 1);
        Assert.True(Pacer.Check());
        Assert.Equal(1, _host.Probe.CollectionsAsked);
    }

    [Fact]
    public void Before_the_first_full_collection_and_under_the_floor_the_runtime_decides()
    {
        _host.Probe.Heap = new HeapReading(390 * Mb, null, 0);
        Assert.False(Pacer.Check());
        _host.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(Pacer.Check());

        AfterFullCollection(30);
        _host.Time.Advance(TimeSpan.FromMinutes(5));
        _host.Probe.Heap = new HeapReading(90 * Mb, 30 * Mb, 1);
        Assert.False(Pacer.Check());
        _host.Probe.Heap = new HeapReading(110 * Mb, 30 * Mb, 1);
        Assert.True(Pacer.Check());
    }

    [Fact]
    public void A_growth_limit_of_zero_turns_the_pacer_off()
    {
        using var host = new MemoryTestHost(new() { ["Stadium:Memory:Budget"] = "400MB", ["Stadium:Memory:HeapGrowthLimit"] = "0" });
        host.Probe.Heap = new HeapReading(390 * Mb, 10 * Mb, 1);
        var pacer = host.Get<HeapPacer>();
        pacer.Check();
        host.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(pacer.Check());
        Assert.Equal(0, host.Probe.CollectionsAsked);
    }

    [Fact]
    public void The_system_probe_reports_what_a_full_collection_kept_alive_and_compacts()
    {
        var probe = new SystemMemoryProbe();
        var kept = new byte[32 * Mb];
        kept[^1] = 1;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var heap = probe.ReadHeap();
        Assert.NotNull(heap.LiveAfterFullCollection);
        Assert.InRange(heap.LiveAfterFullCollection!.Value, 32 * Mb, heap.Bytes + (64 * Mb));
        Assert.True(heap.LastBlockingCollection >= 1);

        probe.Compact();
        var after = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        Assert.True(after.Index > heap.LastBlockingCollection);
        Assert.True(after.Compacted);
        Assert.Equal(after.Index, probe.ReadHeap().LastBlockingCollection);
        GC.KeepAlive(kept);
    }
}
