using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Stadium.Service.Platform;

/// <summary>How a feature's module describes its endpoints in the OpenAPI document beyond what the handlers' types say.</summary>
internal static class OpenApiConventions
{
    /// <summary>Tags the endpoints <paramref name="name"/>, the group they are listed under, and describes that tag.</summary>
    public static TBuilder WithTag<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(name).WithMetadata(new OpenApiTagDescription(name, description));

    /// <summary>
    /// The operation's id (<paramref name="operationId"/>, also the endpoint's name: generated clients name their methods
    /// after it), its one-line <paramref name="summary"/> and its <paramref name="description"/>.
    /// </summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string operationId, string summary, string description) =>
        builder.WithName(operationId).WithSummary(summary).WithDescription(description);
}
