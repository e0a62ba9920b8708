using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Stadium.Data;
using Stadium.Service.Features.Users;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

public static partial class AuthEndpoints
{
    /// <summary>Rate-limiter policy for the endpoints that hash passwords.</summary>
    public const string PasswordHashingPolicy = "password-hashing";

    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/auth").WithTags("Auth");
        group.MapPost("/register", Register).RequireRateLimiting(PasswordHashingPolicy);
        group.MapPost("/login", Login).RequireRateLimiting(PasswordHashingPolicy);
        group.MapPost("/refresh", Refresh);
        group.MapPost("/logout", Logout);
        return group;
    }

    // \z, not $: "$" also matches before a final newline, which let "name\n" through validation, into the
    // store, and then into the Location header, where Kestrel refused it with a 500.
    [GeneratedRegex(@"^[a-zA-Z0-9_]{3,32}\z")]
    private static partial Regex UsernamePattern();

    /// <summary>Usernames are unique case-insensitively and stored in their canonical lower-case form.</summary>
    public static string Canonical(string username) => username.ToLowerInvariant();

    public static bool IsValidUsername(string? username) => username is not null && UsernamePattern().IsMatch(username);

    internal static async Task<Results<Created<RegisteredUser>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, IUserStore users, PasswordHasher hasher, ProfileCache profiles, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!IsValidUsername(request.Username))
        {
            errors.Add("username", "Must be 3 to 32 characters of a-z, 0-9 and _.");
        }

        if (request.Email is null || request.Email.Length > 254 || !MailAddress.TryCreate(request.Email, out var email) || email.Address != request.Email)
        {
            errors.Add("email", "Must be a valid email address of at most 254 characters.");
        }

        errors.CheckText("password", request.Password, 12, 256);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var username = Canonical(request.Username!);
        var hash = await Task.Run(() => hasher.Hash(request.Password!), ct);
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
        LoginRequest request, IUserStore users, PasswordHasher hasher, TokenService tokens, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.CheckText("username", request.Username, 1, 64);
        errors.CheckText("password", request.Password, 1, 256);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var credentials = IsValidUsername(request.Username) ? await users.GetCredentialsAsync(Canonical(request.Username!), ct) : null;
        if (credentials is null)
        {
            await Task.Run(() => hasher.VerifyNothing(request.Password!), ct);
            return InvalidCredentials();
        }

        var check = await Task.Run(() => hasher.Verify(request.Password!, credentials.PasswordHash), ct);
        if (check == PasswordCheck.Failed)
        {
            return InvalidCredentials();
        }

        if (check == PasswordCheck.SucceededNeedsRehash)
        {
            await users.UpdatePasswordHashAsync(credentials.UserId, await Task.Run(() => hasher.Hash(request.Password!), ct), ct);
        }

        return TypedResults.Ok(await tokens.IssueAsync(credentials.UserId, credentials.Username, ct));
    }

    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshRequest request, TokenService tokens, IUserStore users, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.CheckText("refreshToken", request.RefreshToken, 1, 512);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var outcome = await tokens.RefreshAsync(request.RefreshToken!, async (id, token) => (await users.FindByIdAsync(id, token))?.Username, ct);
        return outcome.Tokens is { } fresh
            ? TypedResults.Ok(fresh)
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid refresh token",
                detail: "The refresh token is unknown, expired, revoked or already used.");
    }

    internal static async Task<Results<NoContent, ValidationProblem>> Logout(RefreshRequest request, TokenService tokens, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.CheckText("refreshToken", request.RefreshToken, 1, 512);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        await tokens.LogoutAsync(request.RefreshToken!, ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials", detail: "Unknown username or wrong password.");
}
