// The bare endpoint the load generators are compared against (TechEmpower's /json shape),
// so the server is as cheap as Kestrel gets and the generators are what differs.
var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5080;
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var app = builder.Build();
app.MapGet("/json", () => Results.Json(new Message("Hello, World!"), MessageJson.Default.Message));
app.Run();

internal sealed record Message(string message);

[System.Text.Json.Serialization.JsonSerializable(typeof(Message))]
internal sealed partial class MessageJson : System.Text.Json.Serialization.JsonSerializerContext;
