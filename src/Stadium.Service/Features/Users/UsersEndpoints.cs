using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Service.Features.Auth;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Users;

public static class UsersEndpoints
{
    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/users/{username}", GetProfile).WithTags("Users");
        app.MapPatch("/v1/me", UpdateMe).WithTags("Users").RequireAuthorization();
        return app;
    }

    internal static async Task<Results<CacheableJson<UserProfile>, ProblemHttpResult>> GetProfile(
        string username, ProfileCache profiles, IOptions<StadiumOptions> options, CancellationToken ct)
    {
        var profile = await profiles.FindAsync(username, ct);
        return profile is null ? UserNotFound(username) : new CacheableJson<UserProfile>(profile, TimeSpan.FromSeconds(10));
    }

    internal static async Task<Results<Ok<UserProfile>, ValidationProblem, ProblemHttpResult>> UpdateMe(
        UpdateProfileRequest request, System.Security.Claims.ClaimsPrincipal user, IUserStore users, ProfileCache profiles, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.CheckText("displayName", request.DisplayName, 0, 64, required: false);
        errors.CheckText("bio", request.Bio, 0, 280, required: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var updated = await users.UpdateProfileAsync(user.UserId(), request.DisplayName, request.Bio, ct);
        if (updated is null)
        {
            return UserNotFound(user.Username());
        }

        await profiles.StoreAsync(updated, AfterCommit.Token);
        return TypedResults.Ok(ProfileCache.ToProfile(updated));
    }

    public static ProblemHttpResult UserNotFound(string username) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found", detail: $"No user named '{Truncate(username)}'.");

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
