using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Users;

/// <summary>Public profiles and my own: GET /v1/users/{username} (public) and PATCH /v1/me.</summary>
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
        v1.MapGet("/users/{username}", UsersEndpoints.GetProfile).WithTags("Users").AllowAnonymous();
        v1.MapPatch("/me", UsersEndpoints.UpdateMe).WithTags("Users");
        return v1;
    }
}
