namespace Stadium.Planning.Simulate;

/// <summary>
/// The shape of an endpoint's service time in units of its mean: a shifted exponential (a fixed part every request
/// pays, then an exponential tail), fitted to the measured ratio of p99 to mean. An exponential (p99 = 4.6 x mean) is
/// the shape with no fixed part; the measured feed (p99 3.2 x mean) and login (2.0 x, PBKDF2 being nearly constant
/// work) have less tail than that.
/// </summary>
internal readonly record struct ServiceShape(double Shift, double Scale)
{
    private static readonly double ExponentialP99 = -Math.Log(0.01);

    public static ServiceShape Exponential => new(0, 1);

    /// <summary>The shape whose p99 is <paramref name="p99OverMean"/> times its mean (1 to 4.6; outside that the nearest end).</summary>
    public static ServiceShape FromTail(double p99OverMean)
    {
        if (!double.IsFinite(p99OverMean))
        {
            return Exponential;
        }

        var scale = Math.Clamp((p99OverMean - 1) / (ExponentialP99 - 1), 0, 1);
        return new ServiceShape(1 - scale, scale);
    }

    /// <summary>P(S &lt;= x) for a service time S of mean <paramref name="mean"/>.</summary>
    public double Cdf(double x, double mean)
    {
        if (mean <= 0)
        {
            return x >= 0 ? 1 : 0;
        }

        var y = (x / mean) - Shift;
        if (y < 0)
        {
            return 0;
        }

        return Scale <= 0 ? 1 : 1 - Math.Exp(-y / Scale);
    }

    /// <summary>The p-quantile (0 &lt;= p &lt; 1) of a service time of mean <paramref name="mean"/>.</summary>
    public double Quantile(double p, double mean) => mean * (Shift + (Scale * -Math.Log(1 - Math.Min(p, 0.999999))));
}
