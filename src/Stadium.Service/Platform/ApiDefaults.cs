using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Stadium.Protection.Settings;

namespace Stadium.Service.Platform;

/// <summary>What every HTTP API node shares beyond <see cref="ServiceDefaults"/>: Kestrel limits, JSON rules, binding errors, OpenAPI, warm-up.</summary>
public static class ApiDefaults
{
    public static WebApplicationBuilder AddApiDefaults(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<LimitOptions>(LimitOptions.Section, (limits, check) => check
            .AtLeast(nameof(limits.MaxRequestBodyBytes), limits.MaxRequestBodyBytes, 1)
            .AtLeast(nameof(limits.MaxPageSize), limits.MaxPageSize, 1)
            .AtLeast(nameof(limits.DefaultPageSize), limits.DefaultPageSize, 1)
            .AtMost(nameof(limits.DefaultPageSize), limits.DefaultPageSize, limits.MaxPageSize));
        services.AddForwardedHeadersSettings();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.AddServerHeader = false;
        });
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.AllowTrailingCommas = false;
            // {"text":"a","text":"b"} is ambiguous (parsers disagree on which value wins, so a proxy or
            // validator in front may see a different request than the API): refuse it as malformed.
            options.SerializerOptions.AllowDuplicateProperties = false;
            // Text as users wrote it: raw UTF-8, emoji included; only what JSON requires is escaped (see JsonMinimalEncoder).
            // Problem details, CacheableJson (and so its ETag) and the cached post bytes all serialise with these options.
            options.SerializerOptions.Encoder = JsonMinimalEncoder.Instance;
        });
        // Binding failures (malformed JSON, wrong types) become exceptions that ProblemResponses turns into a detailed 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(openApi => openApi
            .AddDocumentTransformer<OpenApiDocumentInfo>()
            .AddDocumentTransformer<OpenApiSecurity>()
            .AddOperationTransformer<OpenApiSecurity>()
            .AddSchemaTransformer<OpenApiExamples>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IStartupFilter, HeadRequests>();
        services.AddSingleton<WarmupState>();
        services.AddHealthChecks().AddCheck<ReadinessCheck>("store", tags: [ServiceDefaults.ReadyTag]);
        return builder;
    }

    /// <summary>The OpenAPI document and its reader.</summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/v1.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("Stadium API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
