using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Stadium.Protection;

public static class EndpointClassExtensions
{
    /// <summary>Declares what kind of work the endpoints do (see <see cref="EndpointClass"/>).</summary>
    public static TBuilder WithEndpointClass<TBuilder>(this TBuilder builder, EndpointClass endpointClass)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new EndpointClassMetadata(endpointClass));

    /// <summary>
    /// The class the matched endpoint declared; without one, GET and HEAD are <see cref="EndpointClass.Read"/> and every
    /// other method <see cref="EndpointClass.Write"/>.
    /// </summary>
    public static EndpointClass GetEndpointClass(this HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EndpointClassMetadata>()?.Class
        ?? (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? EndpointClass.Read : EndpointClass.Write);
}
