namespace Stadium.Lab.Journeys;

/// <summary>
/// Accounts that have held a session in this run, in the order they first signed in: the first to sign in are the
/// busiest when arrivals come from signed-in accounts (a Zipf choice by rank). Appended under a lock, read without one.
/// </summary>
internal sealed class SignedInAccounts(int population)
{
    private readonly int[] _accounts = new int[population];
    private readonly Lock _lock = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The account that signed in <paramref name="rank"/>-th (1 = first).</summary>
    public int ByRank(int rank) => _accounts[rank - 1];

    /// <summary>Called once per account, the first time it stores tokens.</summary>
    public void Add(int account)
    {
        lock (_lock)
        {
            _accounts[_count] = account;
            Volatile.Write(ref _count, _count + 1);
        }
    }
}
