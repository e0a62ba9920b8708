using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadium.Data;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Users;

internal static class UsersEndpoints
{
    internal static async Task<Results<CacheableJson<UserProfile>, ProblemHttpResult>> GetProfile(string username, IProfileCache profiles, CancellationToken ct)
    {
        var profile = await profiles.FindAsync(username, ct);
        return profile is null ? UserProblems.NotFound(username) : new CacheableJson<UserProfile>(profile, TimeSpan.FromSeconds(10));
    }

    internal static async Task<Results<Ok<UserProfile>, ValidationProblem, ProblemHttpResult>> UpdateMe(
        UpdateProfileRequest request, System.Security.Claims.ClaimsPrincipal user, IUserStore users, IProfileCache profiles, CancellationToken ct)
    {
        var updated = await users.UpdateProfileAsync(user.UserId(), request.DisplayName, request.Bio, ct);
        if (updated is null)
        {
            return UserProblems.NotFound(user.Username());
        }

        await profiles.StoreAsync(updated, AfterCommit.Token);
        return TypedResults.Ok(ProfileCache.ToProfile(updated));
    }

    internal static async Task<Results<Ok<EmailSettingsResponse>, ProblemHttpResult>> GetEmailSettings(
        System.Security.Claims.ClaimsPrincipal user, IUserStore users, CancellationToken ct) =>
        await users.GetEmailSettingsAsync(user.UserId(), ct) is { } settings
            ? TypedResults.Ok(new EmailSettingsResponse(settings.Email, settings.Announcements))
            : UserProblems.NotFound(user.Username());

    internal static async Task<Results<Ok<EmailSettingsResponse>, ValidationProblem, ProblemHttpResult>> UpdateEmailSettings(
        UpdateEmailSettingsRequest request, System.Security.Claims.ClaimsPrincipal user, IUserStore users, CancellationToken ct) =>
        await users.SetAnnouncementEmailsAsync(user.UserId(), request.Announcements!.Value, ct) is { } settings
            ? TypedResults.Ok(new EmailSettingsResponse(settings.Email, settings.Announcements))
            : UserProblems.NotFound(user.Username());
}
