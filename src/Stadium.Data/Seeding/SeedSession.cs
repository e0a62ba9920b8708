namespace Stadium.Data.Seeding;

/// <summary>A store opened and migrated for a bulk load of the demo population; disposing it closes the store.</summary>
public sealed class SeedSession : IAsyncDisposable
{
    private readonly ISeedTarget _target;
    private readonly Func<ValueTask> _close;

    internal SeedSession(ISeedTarget target, string description, Func<ValueTask> close)
    {
        _target = target;
        Description = description;
        _close = close;
    }

    /// <summary>Where the rows go, for messages ("data folder .data", "PostgreSQL store").</summary>
    public string Description { get; }

    /// <summary>The population size of an earlier seed, or null when the store was never seeded.</summary>
    public int? SeededUsers() => _target.SeededUsers();

    /// <summary>Seeds the store unless it already holds a seed (see <see cref="DemoSeeder"/>).</summary>
    public Task<SeedResult> SeedAsync(SeedOptions options, TimeProvider time, IProgress<SeedProgress>? progress, CancellationToken ct) =>
        DemoSeeder.SeedAsync(_target, options, time, progress, ct);

    public async ValueTask DisposeAsync()
    {
        _target.Dispose();
        await _close();
    }
}
