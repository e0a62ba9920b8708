using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Protection;
using Stadium.Service.Features.Announcements;
using Stadium.Service.Features.Auth;
using Stadium.Service.Features.Exports;
using Stadium.Service.Features.Feed;
using Stadium.Service.Features.Follows;
using Stadium.Service.Features.Posts;
using Stadium.Service.Features.Users;
using Stadium.Service.Platform;

namespace Stadium.Service;

/// <summary>The API node: what it registers and what it maps. Read top to bottom, it is the table of contents.</summary>
public static class StadiumApi
{
    public static WebApplicationBuilder AddStadiumApi(this WebApplicationBuilder builder)
    {
        var stadium = StadiumOptions.From(builder.Configuration);
        builder.AddServiceDefaults();
        builder.AddApiDefaults();
        builder.AddProtection();
        builder.AddStore(stadium);
        builder.AddCache();
        builder.AddAuth().AddUsers().AddPosts().AddFollows().AddFeed().AddExports().AddAnnouncements();
        return builder.AddJobs(stadium);
    }

    public static WebApplication MapStadiumApi(this WebApplication app)
    {
        app.UseKnownProxies();
        app.UseRouting();
        app.UseAdmission();
        app.UseServiceDefaults();
        app.UseAuthentication();
        app.UseProtection();
        app.UseAuthorization();
        app.UseReadConsistency();
        app.UseRateLimiter();
        app.MapApiDocs();
        app.MapV1().MapAuth().MapUsers().MapPosts().MapFollows().MapFeed().MapExports().MapAnnouncements();
        app.MapServiceDefaults();
        return app;
    }
}
