using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Stadium.Service.Features.Auth;

/// <summary>
/// Remembers successful validations of exact token strings until they expire. A client sends the same
/// access token for its whole 15-minute life, so re-parsing and re-verifying it on every feed read is
/// wasted work. Revocation is unaffected: it is checked on every request after validation.
/// </summary>
internal sealed class ValidatedTokenCache(TimeProvider time, int capacity = 200_000) : TokenHandler
{
    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out var cached))
        {
            if (cached.SecurityToken.ValidTo > time.GetUtcNow().UtcDateTime)
            {
                return cached;
            }

            _valid.TryRemove(token, out _);
        }

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            if (_valid.Count >= capacity)
            {
                // Rare and cheap relative to the validations it saves: start over rather than track recency.
                _valid.Clear();
            }

            _valid[token] = result;
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);
}
