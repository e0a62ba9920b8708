using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using Stadium.Testing;

namespace Stadium.Service.Tests.OpenApi;

/// <summary>
/// Generates the typed C# client of the API with NSwag from an OpenAPI document: one class, <c>StadiumApiClient</c>,
/// whose methods are named after the operationIds, over System.Text.Json and the caller's HttpClient (its
/// BaseAddress is the server). The result is checked in at <see cref="CheckedInPath"/>; docs/api.md gives the same
/// settings for the NSwag command line.
/// </summary>
internal static class StadiumClientGenerator
{
    public const string Namespace = "Stadium.Service.Tests.OpenApi.Client";

    public static string CheckedInPath { get; } = Repository.Combine("tests", "Stadium.Service.Tests", "OpenApi", "Client", "StadiumApiClient.g.cs");

    public static async Task<string> GenerateAsync(string openApiJson)
    {
        var document = await OpenApiDocument.FromJsonAsync(openApiJson);
        // The servers name the node that served the document (its port differs per run); the client takes its
        // server from HttpClient.BaseAddress instead.
        document.Servers.Clear();
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "StadiumApiClient",
            UseBaseUrl = false,
            GenerateClientInterfaces = false,
            GenerateExceptionClasses = true,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            CSharpGeneratorSettings =
            {
                Namespace = Namespace,
                JsonLibrary = CSharpJsonLibrary.SystemTextJson,
                GenerateNullableReferenceTypes = true,
                GenerateOptionalPropertiesAsNullable = true,
                ClassStyle = CSharpClassStyle.Poco,
                // Numbers are typed integer-or-string (the API also reads numbers written as strings), so NSwag would
                // write a default of 0 as "0"; the server fills in its own defaults anyway.
                GenerateDefaultValues = false,
            },
        };
        return Normalize(new CSharpClientGenerator(document, settings).GenerateFile());
    }

    /// <summary>Line endings as git checks them out here, and one final newline.</summary>
    public static string Normalize(string code) => code.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
}
