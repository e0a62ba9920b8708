namespace Stadium.Protection;

/// <summary>Endpoint metadata carrying the endpoint's <see cref="EndpointClass"/>.</summary>
public sealed record EndpointClassMetadata(EndpointClass Class);
