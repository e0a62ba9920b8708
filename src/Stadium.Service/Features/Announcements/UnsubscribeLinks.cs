using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Stadium.Service.Features.Auth;

namespace Stadium.Service.Features.Announcements;

/// <summary>
/// The links in every announcement email that turn the recipient's announcement emails off in one click (RFC 8058's
/// List-Unsubscribe-Post, and a link in the text for people): <c>{PublicUrl}/v1/email/unsubscribe?token=ID.TAG</c>.
/// The tag is an HMAC-SHA256 of the account id (128 bits of it) under a key derived (HKDF) from the token signing key,
/// so API nodes and workers that share the signing key make and accept the same links, and no link can be made for
/// another account. A link does not expire: it can only turn emails off, and the account's owner can turn them on
/// again (PATCH /v1/me/email). A new signing key makes old links invalid.
/// </summary>
internal sealed class UnsubscribeLinks
{
    public const string Path = "/v1/email/unsubscribe";

    private const int TagBytes = 16;

    private readonly byte[] _key;
    private readonly string _base;

    public UnsubscribeLinks(SigningKey signing, EmailOptions email)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, signing.Key.Key, 32, salt: [], info: "stadium unsubscribe v1"u8.ToArray());
        _base = email.PublicUrl.TrimEnd('/');
    }

    public string TokenFor(long userId) =>
        userId.ToString(CultureInfo.InvariantCulture) + "." + Base64Url.EncodeToString(Tag(userId));

    public string LinkFor(long userId) => $"{_base}{Path}?token={TokenFor(userId)}";

    /// <summary>The account a token was made for; null for anything that is not a token this key made.</summary>
    public long? UserOf(string? token)
    {
        if (token is null || token.Length > 64)
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0
            || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            || userId <= 0
            || token[..dot] != userId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        // The tag is compared as it was written (base64url, no padding), not decoded: a decoder throws on a character
        // outside the alphabet or on stray trailing bits (a link mangled in transit), and takes padded or spaced variants.
        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(token.AsSpan(dot + 1)), MemoryMarshal.AsBytes(Base64Url.EncodeToString(Tag(userId)).AsSpan())) ? userId : null;
    }

    private byte[] Tag(long userId) =>
        HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes("unsubscribe:" + userId.ToString(CultureInfo.InvariantCulture)))[..TagBytes];
}
