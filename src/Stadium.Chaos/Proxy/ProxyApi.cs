using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Stadium.Chaos.Proxy;

/// <summary>
/// Toxiproxy's HTTP API, route for route and status for status (201 create, 200 toxic create, 204 delete and reset,
/// 404 unknown, 409 taken, 400 bad input), so Toxiproxy's clients drive this proxy unchanged. Refusals are RFC 9457
/// problems that carry Toxiproxy's <c>error</c> field as well (<see cref="ProxyProblems"/>).
/// </summary>
internal static class ProxyApi
{
    /// <summary>The Toxiproxy release whose API this one follows.</summary>
    public const string ToxiproxyVersion = "2.12.0";

    public static void MapFaultProxyApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/version", () => Json(new JsonObject { ["version"] = $"{ToxiproxyVersion}-stadium" }));
        routes.MapPost("/reset", (ProxyCollection proxies) =>
        {
            proxies.Reset();
            return Results.NoContent();
        });
        routes.MapGet("/proxies", (ProxyCollection proxies) =>
            Json(new JsonObject(proxies.All().Select(p => KeyValuePair.Create(p.Name, (JsonNode?)ProxyJson.Proxy(p))))));
        routes.MapPost("/proxies", async (HttpRequest request, ProxyCollection proxies) =>
            Json(ProxyJson.Proxy(proxies.Create(RequestFields.Proxy(await RequestFields.ReadObjectAsync(request)))), StatusCodes.Status201Created));
        routes.MapPost("/populate", PopulateAsync);
        routes.MapGet("/proxies/{proxy}", (string proxy, ProxyCollection proxies) => Json(ProxyJson.Proxy(proxies.Get(proxy))));
        routes.MapMethods("/proxies/{proxy}", ["POST", "PATCH"], UpdateProxyAsync);
        routes.MapDelete("/proxies/{proxy}", (string proxy, ProxyCollection proxies) =>
        {
            proxies.Delete(proxy);
            return Results.NoContent();
        });
        routes.MapGet("/proxies/{proxy}/toxics", (string proxy, ProxyCollection proxies) => Json(ProxyJson.Toxics(proxies.Get(proxy).Toxics)));
        routes.MapPost("/proxies/{proxy}/toxics", async (string proxy, HttpRequest request, ProxyCollection proxies) =>
        {
            var target = proxies.Get(proxy);
            return Json(ProxyJson.Toxic(target.AddToxic(ToxicRequest.Create(await RequestFields.ReadObjectAsync(request)))));
        });
        routes.MapGet("/proxies/{proxy}/toxics/{toxic}", (string proxy, string toxic, ProxyCollection proxies) =>
            Json(ProxyJson.Toxic(proxies.Get(proxy).GetToxic(toxic))));
        routes.MapMethods("/proxies/{proxy}/toxics/{toxic}", ["POST", "PATCH"], async (string proxy, string toxic, HttpRequest request, ProxyCollection proxies) =>
        {
            var target = proxies.Get(proxy);
            target.GetToxic(toxic);
            var body = await RequestFields.ReadObjectAsync(request);
            return Json(ProxyJson.Toxic(target.UpdateToxic(toxic, current => ToxicRequest.Update(current, body), restartTtl: body.ContainsKey("ttl"))));
        });
        routes.MapDelete("/proxies/{proxy}/toxics/{toxic}", (string proxy, string toxic, ProxyCollection proxies) =>
        {
            proxies.Get(proxy).RemoveToxic(toxic);
            return Results.NoContent();
        });
    }

    private static async Task<IResult> UpdateProxyAsync(string proxy, HttpRequest request, ProxyCollection proxies)
    {
        var target = proxies.Get(proxy);
        var body = await RequestFields.ReadObjectAsync(request);
        target.Update(
            RequestFields.Text(body, "listen") ?? target.Listen,
            RequestFields.Text(body, "upstream") ?? target.Upstream,
            RequestFields.Flag(body, "enabled") ?? target.Enabled,
            RequestFields.Ttl(body));
        return Json(ProxyJson.Proxy(target));
    }

    private static async Task<IResult> PopulateAsync(HttpRequest request, ProxyCollection proxies)
    {
        var body = await RequestFields.ReadAsync(request);
        var inputs = body switch
        {
            JsonArray array => array.Select((item, i) => item is JsonObject proxy ? Checked(proxy, i) : throw ProxyApiException.BadRequest($"bad request body: proxy {i} is not an object")).ToList(),
            _ => throw ProxyApiException.BadRequest("bad request body: expected an array of proxies"),
        };
        var done = new List<FaultProxy>();
        try
        {
            proxies.Populate(inputs, done);
        }
        catch (ProxyApiException e)
        {
            return ProxyProblems.Problem(e.Status, e.Message, new JsonArray([.. done.Select(p => (JsonNode)ProxyJson.Proxy(p))]));
        }

        return Json(new JsonObject { ["proxies"] = new JsonArray([.. done.Select(p => (JsonNode)ProxyJson.Proxy(p))]) }, StatusCodes.Status201Created);
    }

    private static ProxyInput Checked(JsonObject proxy, int index)
    {
        try
        {
            return RequestFields.Proxy(proxy);
        }
        catch (ProxyApiException e)
        {
            throw new ProxyApiException(e.Status, $"{e.Message} at proxy {index}");
        }
    }

    private static IResult Json(JsonNode node, int status = StatusCodes.Status200OK) =>
        Results.Text(node.ToJsonString(), "application/json", statusCode: status);
}
