namespace Stadium.Data.Seeding;

/// <summary>Where the seeder's rows go; each backend loads them the fastest way its engine allows.</summary>
internal interface ISeedTarget : IDisposable
{
    int? SeededUsers();

    long CountUsers();

    long CountPosts();

    /// <summary>Whether a seed began here and never finished (the process was killed, ran out of memory, lost power).</summary>
    bool SeedInterrupted();

    /// <summary>Deletes the users, posts and follows a seed writes, and restarts their ids at 1.</summary>
    void DiscardInterruptedSeed();

    /// <summary>
    /// Records that a seed has begun (committed at once, so an interruption is recognised later), then prepares
    /// for a bulk load into empty tables (drop secondary indexes, relax durability).
    /// </summary>
    void BeginBulkLoad();

    /// <summary>Rows (follower, followee, createdAtMs), in follower order.</summary>
    ISeedRows<(long Follower, long Followee, long At)> Follows();

    /// <summary>Rows (author, text, createdAtMs) in id order; the store assigns ids 1, 2, 3...</summary>
    ISeedRows<(long Author, string Text, long At)> Posts();

    ISeedRows<SeedUser> Users();

    /// <summary>Rebuild indexes, refresh planner statistics and record that the store holds a seed of <paramref name="users"/>.</summary>
    void EndBulkLoad(int users);
}
