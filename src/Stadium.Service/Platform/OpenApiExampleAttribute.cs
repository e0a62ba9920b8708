namespace Stadium.Service.Platform;

/// <summary>
/// An example of the type as JSON on the wire, shown with its schema in the OpenAPI document (<see cref="OpenApiExamples"/>).
/// The linter checks it against the schema, and the service tests read it back into the type.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class OpenApiExampleAttribute(string json) : Attribute
{
    public string Json { get; } = json;
}
