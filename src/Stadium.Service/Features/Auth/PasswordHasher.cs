using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA256 through the framework's own implementation, at OWASP's recommended 600,000
/// iterations. The stored form names its parameters, so raising the cost later rehashes on login.
/// In the API every check's duration goes to <see cref="LoginRetryAdvice"/>, which sizes Retry-After
/// from it; the seeder hashes without one.
/// </summary>
public sealed class PasswordHasher
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly IOptions<AuthOptions> _options;
    private readonly LoginRetryAdvice? _advice;
    private readonly TimeProvider? _time;

    /// <summary>For the CLI's seeder, which reads the whole "Stadium" section at once.</summary>
    public PasswordHasher(IOptions<StadiumOptions> stadium)
        : this(Options.Create(stadium.Value.Auth))
    {
    }

    internal PasswordHasher(IOptions<AuthOptions> options, LoginRetryAdvice? advice = null, TimeProvider? time = null)
    {
        _options = options;
        _advice = advice;
        _time = time;
    }

    private int Iterations => _options.Value.PasswordIterations;

    /// <summary>Format: pbkdf2-sha256$iterations$salt$hash (base64).</summary>
    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Timed(() => Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashBytes));
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public PasswordCheck Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations))
        {
            return PasswordCheck.Failed;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Timed(() => Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length));
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordCheck.Failed;
        }

        return iterations < Iterations ? PasswordCheck.SucceededNeedsRehash : PasswordCheck.Succeeded;
    }

    /// <summary>Spends the same time as a real check, so unknown usernames can't be told apart by timing.</summary>
    public void VerifyNothing(string password) =>
        Timed(() => Rfc2898DeriveBytes.Pbkdf2(password, new byte[SaltBytes], Iterations, HashAlgorithmName.SHA256, HashBytes));

    private byte[] Timed(Func<byte[]> derive)
    {
        if (_advice is null || _time is null)
        {
            return derive();
        }

        var start = _time.GetTimestamp();
        var result = derive();
        _advice.RecordCheck(_time.GetElapsedTime(start));
        return result;
    }
}
