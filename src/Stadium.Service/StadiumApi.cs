using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Scalar.AspNetCore;
using Stadium.Data;
using Stadium.Data.Sqlite;
using Stadium.Service.Features.Announcements;
using Stadium.Service.Features.Auth;
using Stadium.Service.Features.Exports;
using Stadium.Service.Features.Feed;
using Stadium.Service.Features.Follows;
using Stadium.Service.Features.Posts;
using Stadium.Service.Features.Users;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Redis;
using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service;

/// <summary>The API node: what it registers and what it maps. Read top to bottom, it is the table of contents.</summary>
public static class StadiumApi
{
    public static WebApplicationBuilder AddStadiumApi(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(StadiumOptions.Section);
        builder.Services.Configure<StadiumOptions>(section);
        var options = section.Get<StadiumOptions>() ?? new StadiumOptions();

        builder.AddServiceDefaults();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.Limits.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.AddServerHeader = false;
        });
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, StadiumJsonContext.Default);
            json.SerializerOptions.AllowTrailingCommas = false;
            // {"text":"a","text":"b"} is ambiguous (parsers disagree on which value wins, so a proxy or
            // validator in front may see a different request than the API): refuse it as malformed.
            json.SerializerOptions.AllowDuplicateProperties = false;
            // application/json is never rendered as HTML, so non-ASCII text can travel unescaped (smaller bodies).
            json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        // Binding failures (malformed JSON, wrong types) become exceptions that ProblemResponses turns into a detailed 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Logging.AddFilter("ZiggyCreatures.Caching.Fusion", Microsoft.Extensions.Logging.LogLevel.Warning);
        builder.Services.AddOpenApi(openApi => openApi
            .AddDocumentTransformer<OpenApiSecurity>()
            .AddOperationTransformer<OpenApiSecurity>());
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.AddStore(options);
        builder.AddCache(options);
        builder.AddAuth(options);
        builder.AddJobs(options);

        builder.Services.AddSingleton<ProfileCache>();
        builder.Services.AddSingleton<PostCache>();
        // With Redis configured, AddRedisLayers has registered the shared timelines already.
        builder.Services.TryAddSingleton<ITimelineStore, InMemoryTimelineStore>();
        builder.Services.AddSingleton<CelebrityDirectory>();
        builder.Services.AddSingleton<TimelineWriter>();
        builder.Services.AddSingleton<FeedReader>();

        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, HeadRequests>();
        builder.Services.AddSingleton<WarmupState>();
        builder.Services.AddHostedService<Warmup>();
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("store", tags: [ServiceDefaults.ReadyTag]);
        return builder;
    }

    public static WebApplication MapStadiumApi(this WebApplication app)
    {
        app.UseServiceDefaults();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseReadConsistency();
        app.UseRateLimiter();

        app.MapOpenApi("/openapi/v1.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("Stadium API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapAuth();
        app.MapUsers();
        app.MapPosts();
        app.MapFollows();
        app.MapFeed();
        app.MapExports();
        app.MapAnnouncements();
        app.MapServiceDefaults();
        return app;
    }

    private static void AddCache(this WebApplicationBuilder builder, StadiumOptions options) =>
        // In-process L1; with Stadium:Redis:Configuration set, Redis L2 and backplane are added
        // without touching the typed callers, which only see IFusionCache.
        builder.Services.AddFusionCache().WithDefaultEntryOptions(entry =>
        {
            entry.Duration = options.Cache.PostDuration;
            entry.IsFailSafeEnabled = options.Cache.FailSafe;
            entry.FailSafeMaxDuration = options.Cache.FailSafeMaxDuration;
            entry.FailSafeThrottleDuration = TimeSpan.FromSeconds(30);
            entry.JitterMaxDuration = TimeSpan.FromSeconds(2);
            entry.ApplyDistributedDefaults(options.Cache);
        }).AddRedisLayers(builder, options);

    private static void AddAuth(this WebApplicationBuilder builder, StadiumOptions options)
    {
        var signingKey = SigningKey.Load(options.Auth, options.DataFolder);
        builder.Services.AddSingleton(signingKey);
        builder.Services.AddSingleton<PasswordHasher>();
        builder.Services.AddSingleton<LoginRetryAdvice>();
        builder.Services.AddSingleton<SessionRevocations>();
        builder.Services.AddSingleton<RevocationSync>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RevocationSync>());
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TimeProvider, SessionRevocations>((jwt, time, revocations) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new ValidatedTokenCache(time));
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Auth.Issuer,
                    ValidAudience = options.Auth.Audience,
                    IssuerSigningKey = signingKey.Key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.Zero,
                    // Lifetime against the injected clock, so tests can expire tokens without waiting.
                    LifetimeValidator = (notBefore, expires, _, _) =>
                    {
                        var now = time.GetUtcNow().UtcDateTime;
                        return (notBefore is null || notBefore <= now) && expires is { } e && now < e;
                    },
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        var sid = context.Principal?.FindFirst(TokenService.SessionClaim)?.Value;
                        if (sid is null || !Guid.TryParse(sid, out var session) || revocations.IsRevoked(session))
                        {
                            context.Fail("Session revoked.");
                        }

                        return Task.CompletedTask;
                    },
                };
            });

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddConcurrencyLimiter(AuthEndpoints.PasswordHashingPolicy, concurrency =>
            {
                concurrency.PermitLimit = Math.Max(1, options.Auth.LoginConcurrency);
                concurrency.QueueLimit = Math.Max(0, options.Auth.LoginQueue);
                concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                var retryAfter = http.RequestServices.GetRequiredService<LoginRetryAdvice>().ShedOne(Random.Shared);
                http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Title = "Too many logins in progress",
                        Detail = "Password checks are at capacity; retry after the number of seconds in Retry-After.",
                    },
                });
            };
        });
    }
}
