using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Stadium.Service.Platform;

/// <summary>
/// Completes the generated OpenAPI document with what typed results cannot say: the bearer scheme, which
/// operations need it (the public ones declare an empty requirement, "no login needed"), and the problem+json
/// answers any operation can give (401, 400, 429 past a rate limit, 503 under load, 504 past its deadline).
/// </summary>
internal sealed class OpenApiSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The accessToken from POST /v1/auth/login or /v1/auth/refresh.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= new OpenApiResponses();
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            operation.Responses.TryAdd("401", Problem("Missing, invalid, expired or revoked access token."));
        }
        else
        {
            operation.Security = [];
        }

        if (operation.RequestBody is not null || operation.Parameters is { Count: > 0 })
        {
            operation.Responses.TryAdd("400", Problem("Malformed request; field-level errors under \"errors\"."));
        }

        operation.Responses.TryAdd("429", Problem(
            "This client's rate limit is used up (or, for logins, its failed logins are); retry after the seconds in Retry-After."));
        operation.Responses.TryAdd("503", Problem("Overloaded or a dependency is down; retry after the seconds in Retry-After."));
        operation.Responses.TryAdd("504", Problem(
            "The request's deadline (slo.yaml, or a shorter Stadium-Deadline-Ms) passed before its answer was ready; a write answered 504 was not applied."));
        return Task.CompletedTask;
    }

    private static OpenApiResponse Problem(string description) => new()
    {
        Description = description + " RFC 9457 problem+json.",
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
    };
}
