using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Stadium.Service.Platform.Memory;

namespace Stadium.Service.Features.Auth;

/// <summary>
/// Remembers successful validations of exact token strings until they expire. A client sends the same
/// access token for its whole 15-minute life, so re-parsing and re-verifying it on every feed read is
/// wasted work. Revocation is unaffected: it is checked on every request after validation. The memory cache
/// holds the validations within the "tokens" share of the memory budget, least recently used out first.
/// </summary>
internal sealed class ValidatedTokenCache(TimeProvider time, IMemoryCache valid) : TokenHandler
{
    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };

    /// <summary>
    /// The token string (the key, UTF-16), the parsed token keeping its encoded and decoded parts (about twice the
    /// string again), and the validation result with its claims identity.
    /// </summary>
    public static long Bytes(string token) => EntrySize.EntryOverhead + (3 * EntrySize.Of(token)) + 1024;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (valid.TryGetValue(token, out var hit) && hit is TokenValidationResult cached)
        {
            if (cached.SecurityToken.ValidTo > time.GetUtcNow().UtcDateTime)
            {
                return cached;
            }

            valid.Remove(token);
        }

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            using var entry = valid.CreateEntry(token);
            entry.Value = result;
            entry.Size = Bytes(token);
            entry.AbsoluteExpiration = new DateTimeOffset(DateTime.SpecifyKind(result.SecurityToken.ValidTo, DateTimeKind.Utc));
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);
}
