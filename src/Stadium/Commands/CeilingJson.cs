namespace Stadium.Commands;

[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Greeting))]
internal sealed partial class CeilingJson : System.Text.Json.Serialization.JsonSerializerContext;
