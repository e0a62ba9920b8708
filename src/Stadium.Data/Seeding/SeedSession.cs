namespace Stadium.Data.Seeding;

/// <summary>A store opened and migrated for a bulk load; disposing it closes the target and the store.</summary>
/// <param name="Description">Where the rows go, for messages ("data folder .data", "PostgreSQL store").</param>
public sealed class SeedSession(ISeedTarget target, string description, Func<ValueTask> close) : IAsyncDisposable
{
    public ISeedTarget Target => target;

    public string Description => description;

    public async ValueTask DisposeAsync()
    {
        target.Dispose();
        await close();
    }
}
