using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Stadium.Service.Platform;

/// <summary>
/// The document's own description: title, licence, servers written as linters and client generators expect them
/// (no trailing slash), and each tag's description as its feature declared it (<see cref="OpenApiTagDescription"/>).
/// </summary>
internal sealed class OpenApiDocumentInfo : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Stadium API",
            Version = "v1",
            Description = "The social-feed API of a Stadium node: accounts, posts, follows, the home feed, exports and announcements. "
                + "Errors are RFC 9457 problem+json; lists are paged newest first with an opaque `cursor`. "
                + "Send the `accessToken` from `POST /v1/auth/login` as `Authorization: Bearer <token>` where an operation requires it.",
            // The repository grants no licence, so the API is all rights reserved; SPDX names such terms with a
            // LicenseRef- identifier. Replace both when the project chooses a licence.
            License = new OpenApiLicense
            {
                Name = "Proprietary, all rights reserved",
                Identifier = "LicenseRef-Proprietary",
            },
        };

        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        var descriptions = context.DescriptionGroups
            .SelectMany(group => group.Items)
            .SelectMany(api => api.ActionDescriptor.EndpointMetadata.OfType<OpenApiTagDescription>())
            .GroupBy(tag => tag.Name)
            .ToDictionary(tags => tags.Key, tags => tags.First().Description);
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && descriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        return Task.CompletedTask;
    }
}
