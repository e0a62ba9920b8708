using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Users;

/// <summary>Public profiles and my own: GET /v1/users/{username} (public), PATCH /v1/me, GET and PATCH /v1/me/email.</summary>
public static class UsersModule
{
    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IProfileCache, ProfileCache>();
        builder.Services.AddJsonContracts(UsersJsonContext.Default);
        return builder;
    }

    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder v1)
    {
        var users = v1.MapGroup("").WithTag("Users", "Public profiles, and my own display name, bio and email settings.");
        users.MapGet("/users/{username}", UsersEndpoints.GetProfile).AllowAnonymous().ProducesProblem(StatusCodes.Status404NotFound)
            .Describe("GetProfile", "Get a user's profile",
                "The user's display name, bio and counts of followers, followed accounts and posts; public, with an ETag for conditional "
                + "requests. 404 for an unknown user.");
        users.MapPatch("/me", UsersEndpoints.UpdateMe)
            .Describe("UpdateMe", "Update my profile",
                "Sets my display name (at most 64 characters) and bio (at most 280); a field left out keeps its value. Answers my profile as updated.");
        users.MapGet("/me/email", UsersEndpoints.GetEmailSettings)
            .Describe("GetEmailSettings", "Get my email settings",
                "My email address and whether I get the announcement emails of the accounts I follow (on for a new account).");
        users.MapPatch("/me/email", UsersEndpoints.UpdateEmailSettings)
            .Describe("UpdateEmailSettings", "Turn announcement emails on or off",
                "`announcements`: true to get the announcement emails of the accounts I follow, false to stop them (what each email's "
                + "unsubscribe link does too). Announcements already being sent skip me too, except in a batch of emails already under way. Answers my settings as updated.");
        return v1;
    }
}
