using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Stadium.Service.Platform;

internal static class CurrentUser
{
    /// <summary>The authenticated user's id, from the token's subject.</summary>
    public static long UserId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(JwtRegisteredClaimNames.Sub)!, CultureInfo.InvariantCulture);

    public static string Username(this ClaimsPrincipal user) => user.FindFirstValue(JwtRegisteredClaimNames.UniqueName)!;
}
