using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Stadium.Service.Platform;

/// <summary>Puts the example of each type marked <see cref="OpenApiExampleAttribute"/> on its schema.</summary>
internal sealed class OpenApiExamples : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type.GetCustomAttribute<OpenApiExampleAttribute>() is { } example)
        {
            schema.Examples = [JsonNode.Parse(example.Json)!];
        }

        return Task.CompletedTask;
    }
}
