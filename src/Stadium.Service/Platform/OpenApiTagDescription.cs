namespace Stadium.Service.Platform;

/// <summary>
/// Endpoint metadata: the OpenAPI tag <paramref name="Name"/> and the description the document gives it
/// (<see cref="OpenApiDocumentInfo"/>). Added with <see cref="OpenApiConventions.WithTag{TBuilder}"/>, so a feature
/// describes its own tag.
/// </summary>
internal sealed record OpenApiTagDescription(string Name, string Description);
