using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadium.Data;
using Stadium.Protection.RateLimits;
using Stadium.Protection.Shedding;
using Stadium.Service.Features.Users;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

/// <summary>
/// Register, log in, refresh and log out; requests arrive checked (<see cref="IValidatable"/>). Password hashing runs
/// on the low-priority <see cref="HashingPool"/>, so a login storm slows logins, not reads.
/// </summary>
internal static class AuthEndpoints
{
    internal static async Task<Results<Created<RegisteredUser>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, IUserStore users, PasswordHasher hasher, HashingPool pool, IProfileCache profiles, TimeProvider time, CancellationToken ct)
    {
        // Checked by RegisterRequest.Validate before the handler runs.
        var username = Username.TryParse(request.Username, out var name) ? name.Value : throw new InvalidOperationException("Unchecked username.");
        var hash = await pool.RunAsync(() => hasher.Hash(request.Password!), ct);
        var createdAt = time.GetUtcNow();
        var id = await users.CreateUserAsync(new NewUser(username, request.Email!, hash, createdAt), ct);
        if (id is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Username taken",
                detail: $"The username '{username}' is already registered.");
        }

        // A lookup of the name before it was taken (a client checking it is free) cached "no such user" for
        // the profile's lifetime: the new row, as the insert left it, replaces that answer at once.
        await profiles.StoreAsync(new UserRecord(id.Value, username, "", "", 0, 0, 0, createdAt), AfterCommit.Token);

        return TypedResults.Created($"/v1/users/{username}", new RegisteredUser(id.Value, username));
    }

    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, IUserStore users, PasswordHasher hasher, HashingPool pool, TokenService tokens, LoginThrottle throttle, HttpContext http, CancellationToken ct)
    {
        var address = ClientAddress.Of(http.Connection.RemoteIpAddress);
        if (await throttle.RefusalAsync(request.Username!, address, ct) is { } wait)
        {
            return TooManyFailures(http, wait);
        }

        var credentials = Username.TryParse(request.Username, out var username) ? await users.GetCredentialsAsync(username.Value, ct) : null;
        if (credentials is null)
        {
            await pool.RunAsync(() => { hasher.VerifyNothing(request.Password!); return true; }, ct);
            await throttle.FailedAsync(request.Username!, address);
            return InvalidCredentials();
        }

        var check = await pool.RunAsync(() => hasher.Verify(request.Password!, credentials.PasswordHash), ct);
        if (check == PasswordCheck.Failed)
        {
            await throttle.FailedAsync(request.Username!, address);
            return InvalidCredentials();
        }

        if (check == PasswordCheck.SucceededNeedsRehash)
        {
            await users.UpdatePasswordHashAsync(credentials.UserId, await pool.RunAsync(() => hasher.Hash(request.Password!), ct), ct);
        }

        return TypedResults.Ok(await tokens.IssueAsync(credentials.UserId, credentials.Username, ct));
    }

    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshRequest request, TokenService tokens, IUserStore users, CancellationToken ct)
    {
        var outcome = await tokens.RefreshAsync(request.RefreshToken!, async (id, token) => (await users.FindByIdAsync(id, token))?.Username, ct);
        return outcome.Tokens is { } fresh
            ? TypedResults.Ok(fresh)
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid refresh token",
                detail: "The refresh token is unknown, expired, revoked or already used.");
    }

    internal static async Task<Results<NoContent, ValidationProblem>> Logout(RefreshRequest request, TokenService tokens, CancellationToken ct)
    {
        await tokens.LogoutAsync(request.RefreshToken!, ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A new password, checked against the current one like a login (throttled the same way): every session of the user
    /// ends, this one included, and a new one is answered, so the caller stays signed in and nobody else does.
    /// </summary>
    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest request, ClaimsPrincipal user, IUserStore users, PasswordHasher hasher, HashingPool pool, TokenService tokens,
        LoginThrottle throttle, HttpContext http, CancellationToken ct)
    {
        var address = ClientAddress.Of(http.Connection.RemoteIpAddress);
        var username = user.Username();
        if (await throttle.RefusalAsync(username, address, ct) is { } wait)
        {
            return TooManyFailures(http, wait);
        }

        if (await users.GetCredentialsAsync(username, ct) is not { } credentials || credentials.UserId != user.UserId())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown account", detail: "The signed-in account no longer exists.");
        }

        if (await pool.RunAsync(() => hasher.Verify(request.CurrentPassword!, credentials.PasswordHash), ct) == PasswordCheck.Failed)
        {
            await throttle.FailedAsync(username, address);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong password",
                detail: "The current password is wrong; nothing was changed.");
        }

        // The new hash first: from then on the old password opens nothing, and the sessions it opened end next.
        await users.UpdatePasswordHashAsync(credentials.UserId, await pool.RunAsync(() => hasher.Hash(request.NewPassword!), ct), ct);
        await tokens.EndAllSessionsAsync(credentials.UserId, ct);
        return TypedResults.Ok(await tokens.IssueAsync(credentials.UserId, credentials.Username, ct));
    }

    internal static async Task<NoContent> LogoutEverywhere(ClaimsPrincipal user, TokenService tokens, CancellationToken ct)
    {
        await tokens.EndAllSessionsAsync(user.UserId(), ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult TooManyFailures(HttpContext http, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed logins",
            detail: "Too many failed logins of this account or from this address; no password is checked until the time in Retry-After has passed.");
    }

    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials", detail: "Unknown username or wrong password.");
}
