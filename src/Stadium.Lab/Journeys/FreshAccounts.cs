namespace Stadium.Lab.Journeys;

/// <summary>
/// The accounts a burst of app openings comes from: every account once before any comes again, in a scattered order
/// (a burst of people opening the app is many different people, not user1, user2, ... in rank order). The n-th
/// opening takes account (n x stride mod population) + 1, with a stride that shares no factor with the population:
/// 7919 is prime, but as a fixed stride it would send every opening of a population that is a multiple of it (7,919 or
/// 15,838 accounts) to the same few accounts.
/// </summary>
internal sealed class FreshAccounts
{
    private const long PreferredStride = 7919;
    private readonly int _population;
    private readonly long _stride;
    private long _next;

    public FreshAccounts(int population)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(population);
        _population = population;
        _stride = PreferredStride;
        while (GreatestCommonDivisor(_stride, population) != 1)
        {
            _stride++;
        }
    }

    /// <summary>The step from one opening's account to the next (coprime to the population).</summary>
    public long Stride => _stride;

    /// <summary>The next account id, 1 .. population. Thread-safe.</summary>
    public int Next()
    {
        var n = Interlocked.Increment(ref _next) - 1;
        return (int)(n % _population * _stride % _population) + 1;
    }

    private static long GreatestCommonDivisor(long a, long b) => b == 0 ? a : GreatestCommonDivisor(b, a % b);
}
