namespace Stadium.Data.Seeding;

/// <summary>
/// Draws ranks 1..n with probability proportional to 1/rank^exponent: a few ranks very often,
/// most rarely, the shape of follower counts and user activity in real social networks.
/// </summary>
public sealed class ZipfSampler
{
    private readonly double[] _cumulative;

    public ZipfSampler(int n, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        _cumulative = new double[n];
        var sum = 0.0;
        for (var rank = 1; rank <= n; rank++)
        {
            sum += 1.0 / Math.Pow(rank, exponent);
            _cumulative[rank - 1] = sum;
        }

        for (var i = 0; i < n; i++)
        {
            _cumulative[i] /= sum;
        }
    }

    public int Count => _cumulative.Length;

    /// <summary>Probability of drawing <paramref name="rank"/>.</summary>
    public double Probability(int rank) =>
        _cumulative[rank - 1] - (rank > 1 ? _cumulative[rank - 2] : 0);

    public int Sample(Random random)
    {
        var u = random.NextDouble();
        var index = Array.BinarySearch(_cumulative, u);
        if (index < 0)
        {
            index = ~index;
        }

        return Math.Min(index, _cumulative.Length - 1) + 1;
    }
}
