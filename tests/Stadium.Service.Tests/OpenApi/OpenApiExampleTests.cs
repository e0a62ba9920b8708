using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Stadium.Service.Platform;

namespace Stadium.Service.Tests.OpenApi;

/// <summary>The schema examples in the OpenAPI document are the wire shape of their types, not prose that drifts from it.</summary>
public sealed class OpenApiExampleTests
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
    };

    [Fact]
    public void Every_example_reads_into_its_type_and_writes_back_unchanged()
    {
        var examples = typeof(OpenApiExampleAttribute).Assembly.GetTypes()
            .Select(type => (Type: type, Example: type.GetCustomAttribute<OpenApiExampleAttribute>()))
            .Where(e => e.Example is not null)
            .ToList();
        Assert.True(examples.Count >= 10, $"only {examples.Count} types carry an example");
        foreach (var (type, example) in examples)
        {
            var value = JsonSerializer.Deserialize(example!.Json, type, Wire);
            var written = JsonSerializer.SerializeToNode(value, type, Wire);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(example.Json), written), $"{type.Name}: example {example.Json} writes back as {written}");
        }
    }
}
