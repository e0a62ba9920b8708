namespace Stadium.Lab.Journeys;

/// <summary>
/// Draws ranks 1..N with probability proportional to 1/rank^s, so a few accounts are very busy and
/// most are quiet: the distribution that makes cache hit rates realistic. Rank = seeded user id.
/// </summary>
internal sealed class ZipfPicker
{
    private readonly double[] _cumulative;

    public ZipfPicker(int population, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(population);
        _cumulative = new double[population];
        var sum = 0.0;
        for (var rank = 1; rank <= population; rank++)
        {
            sum += 1 / Math.Pow(rank, exponent);
            _cumulative[rank - 1] = sum;
        }
    }

    public int Population => _cumulative.Length;

    public int Next(Random random)
    {
        var x = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, x);
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1) + 1;
    }

    /// <summary>A rank among the first <paramref name="count"/> only, with the same relative odds (Zipf truncated at count).</summary>
    public int NextWithin(int count, Random random)
    {
        var top = Math.Clamp(count, 1, _cumulative.Length);
        var x = random.NextDouble() * _cumulative[top - 1];
        var index = Array.BinarySearch(_cumulative, 0, top, x);
        return Math.Min(index < 0 ? ~index : index, top - 1) + 1;
    }

    /// <summary><paramref name="count"/> distinct ranks, busier ones more likely to be among them (closed-model users).</summary>
    public int[] NextDistinct(int count, Random random)
    {
        if (count >= Population)
        {
            return [.. Enumerable.Range(1, Population)];
        }

        var chosen = new HashSet<int>();
        var order = new List<int>(count);
        var attempts = 0;
        while (order.Count < count && attempts++ < count * 50)
        {
            var rank = Next(random);
            if (chosen.Add(rank))
            {
                order.Add(rank);
            }
        }

        // The tail is nearly uniform; fill whatever the draws missed in rank order.
        for (var rank = 1; order.Count < count; rank++)
        {
            if (chosen.Add(rank))
            {
                order.Add(rank);
            }
        }

        return [.. order];
    }
}
