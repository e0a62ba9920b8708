using Microsoft.Extensions.Options;

namespace Stadium.Service.Features.Auth;

/// <summary>
/// How long a shed login should wait before it comes back. A fixed "Retry-After: 1" sends the whole shed
/// crowd back in the same second, where nearly all of it is shed again: a retry storm that keeps the
/// login limit saturated. Instead each shed login is told a uniformly random delay over the time the
/// password checks need to serve the crowd (logins shed in the last second plus the queue, divided by
/// permits per mean check time), so the crowd returns at about the rate it can be served.
/// </summary>
internal sealed class LoginRetryAdvice(TimeProvider time, IOptions<AuthOptions> options)
{
    /// <summary>The longest delay advised, however large the crowd.</summary>
    public const int MaxSeconds = 60;

    private readonly Lock _lock = new();
    private double _meanCheckSeconds;
    private long _windowStart = time.GetTimestamp();
    private int _shedThisSecond;
    private int _shedLastSecond;

    /// <summary>How long one password check (hash or verify) took; a moving mean is kept.</summary>
    public void RecordCheck(TimeSpan elapsed)
    {
        lock (_lock)
        {
            _meanCheckSeconds = _meanCheckSeconds == 0 ? elapsed.TotalSeconds : (0.8 * _meanCheckSeconds) + (0.2 * elapsed.TotalSeconds);
        }
    }

    /// <summary>Counts one shed login and answers the Retry-After seconds to give it.</summary>
    public int ShedOne(Random random)
    {
        double spread;
        lock (_lock)
        {
            var elapsed = time.GetElapsedTime(_windowStart);
            if (elapsed >= TimeSpan.FromSeconds(1))
            {
                _shedLastSecond = elapsed >= TimeSpan.FromSeconds(2) ? 0 : _shedThisSecond;
                _shedThisSecond = 0;
                _windowStart = time.GetTimestamp();
            }

            _shedThisSecond++;
            var auth = options.Value;
            var crowd = Math.Max(_shedThisSecond, _shedLastSecond) + Math.Max(0, auth.LoginQueue);
            var perSecond = Math.Max(1, auth.LoginConcurrency) / Math.Max(0.001, _meanCheckSeconds);
            spread = Math.Clamp(crowd / perSecond, 1, MaxSeconds);
        }

        return 1 + random.Next((int)Math.Ceiling(spread));
    }
}
