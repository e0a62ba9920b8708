using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Stadium.Chaos.Tests.Proxy;

/// <summary>
/// Toxiproxy's documented requests (its README's HTTP API section) against this proxy: the same routes, JSON shapes and
/// status codes; refusals are problem+json documents that still carry Toxiproxy's <c>error</c> field.
/// </summary>
public sealed class ProxyApiTests : ProxyTest
{

    [Fact]
    public async Task Creating_a_proxy_answers_201_with_its_bound_address_and_the_same_name_again_409()
    {
        var (status, proxy) = await CallAsync(HttpMethod.Post, "proxies", $$"""{"name":"shopify_test_redis_master","listen":"localhost:0","upstream":"{{Echo.Address}}","enabled":true}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("shopify_test_redis_master", proxy!["name"]!.GetValue<string>());
        Assert.Matches(@"^127\.0\.0\.1:[1-9][0-9]*$", proxy["listen"]!.GetValue<string>());
        Assert.Equal(Echo.Address, proxy["upstream"]!.GetValue<string>());
        Assert.True(proxy["enabled"]!.GetValue<bool>());
        Assert.Empty(proxy["toxics"]!.AsArray());

        var (again, problem) = await CallAsync(HttpMethod.Post, "proxies", $$"""{"name":"shopify_test_redis_master","listen":"localhost:0","upstream":"{{Echo.Address}}"}""");
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal(409, problem!["status"]!.GetValue<int>());
        Assert.Equal("proxy already exists: shopify_test_redis_master", problem["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Listing_proxies_answers_an_object_keyed_by_name_and_an_unknown_proxy_404()
    {
        await Proxies.ProxyAsync("a", Echo.Address);
        await Proxies.ProxyAsync("b", Echo.Address);

        var (_, all) = await CallAsync(HttpMethod.Get, "proxies");
        Assert.Equal(["a", "b"], all!.AsObject().Select(p => p.Key));
        Assert.Equal("b", all["b"]!["name"]!.GetValue<string>());

        var (missing, problem) = await CallAsync(HttpMethod.Get, "proxies/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("proxy not found: nope", problem!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_toxic_gets_Toxiproxys_defaults_and_its_routes_answer_as_Toxiproxys_do()
    {
        await Proxies.ProxyAsync("db", Echo.Address);

        var (created, toxic) = await CallAsync(HttpMethod.Post, "proxies/db/toxics", """{"type":"latency","attributes":{"latency":1000}}""");
        Assert.Equal(HttpStatusCode.OK, created);
        Assert.Equal("latency_downstream", toxic!["name"]!.GetValue<string>());
        Assert.Equal("downstream", toxic["stream"]!.GetValue<string>());
        Assert.Equal(1, toxic["toxicity"]!.GetValue<double>());
        Assert.Equal(0, toxic["attributes"]!["jitter"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.Conflict, (await CallAsync(HttpMethod.Post, "proxies/db/toxics", """{"type":"latency"}""")).Status);
        var (_, list) = await CallAsync(HttpMethod.Get, "proxies/db/toxics");
        Assert.Single(list!.AsArray());

        var (updated, changed) = await CallAsync(HttpMethod.Post, "proxies/db/toxics/latency_downstream", """{"attributes":{"jitter":50},"toxicity":0.5}""");
        Assert.Equal(HttpStatusCode.OK, updated);
        Assert.Equal(1000, changed!["attributes"]!["latency"]!.GetValue<int>());
        Assert.Equal(50, changed["attributes"]!["jitter"]!.GetValue<int>());
        Assert.Equal(0.5, changed["toxicity"]!.GetValue<double>());
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Patch, "proxies/db/toxics/latency_downstream", """{"attributes":{"jitter":10}}""")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await CallAsync(HttpMethod.Delete, "proxies/db/toxics/latency_downstream")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(HttpMethod.Delete, "proxies/db/toxics/latency_downstream")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(HttpMethod.Get, "proxies/db/toxics/latency_downstream")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(HttpMethod.Post, "proxies/nope/toxics", """{"type":"latency"}""")).Status);
    }

    [Theory]
    [InlineData("proxies", "{not json", "bad request body")]
    [InlineData("proxies", """{"name":"x"}""", "missing required field: upstream")]
    [InlineData("proxies", """{"upstream":"127.0.0.1:1"}""", "missing required field: name")]
    [InlineData("proxies", """{"name":"x","upstream":"127.0.0.1:1","listen":"10.1.2.3:0"}""", "loopback")]
    [InlineData("proxies/db/toxics", """{"type":"lag"}""", "invalid toxic type 'lag'")]
    [InlineData("proxies/db/toxics", """{"type":"latency","stream":"sideways"}""", "stream was invalid")]
    [InlineData("proxies/db/toxics", """{"type":"latency","toxicity":2}""", "toxicity")]
    [InlineData("proxies/db/toxics", """{"type":"latency","attributes":{"latency":-5}}""", "attribute latency")]
    [InlineData("proxies/db/toxics", """{"type":"loss","attributes":{"mode":"shred"}}""", "attribute mode")]
    [InlineData("proxies/db/toxics", """{"type":"latency","ttl":0}""", "ttl must be a number of seconds above 0 and at most 86400, not 0")]
    [InlineData("proxies/db/toxics", """{"type":"latency","ttl":-5}""", "ttl must be a number of seconds above 0 and at most 86400, not -5")]
    public async Task Bad_input_is_a_400_problem_that_names_what_is_wrong(string path, string body, string expected)
    {
        await Proxies.ProxyAsync("db", Echo.Address);

        using var response = await Proxies.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(expected, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(problem["detail"]!.GetValue<string>(), problem["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Updating_and_deleting_a_proxy_answer_200_and_204()
    {
        await Proxies.ProxyAsync("db", Echo.Address);

        var (status, proxy) = await CallAsync(HttpMethod.Post, "proxies/db", """{"enabled":false}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(proxy!["enabled"]!.GetValue<bool>());
        Assert.True((await CallAsync(HttpMethod.Patch, "proxies/db", """{"enabled":true}""")).Body!["enabled"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.NoContent, (await CallAsync(HttpMethod.Delete, "proxies/db")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(HttpMethod.Delete, "proxies/db")).Status);
    }

    [Fact]
    public async Task Reset_enables_every_proxy_and_removes_every_toxic()
    {
        await Proxies.ProxyAsync("a", Echo.Address);
        await Proxies.ProxyAsync("b", Echo.Address);
        await CallAsync(HttpMethod.Post, "proxies/a/toxics", """{"type":"timeout","attributes":{"timeout":0}}""");
        await CallAsync(HttpMethod.Post, "proxies/b", """{"enabled":false}""");

        Assert.Equal(HttpStatusCode.NoContent, (await CallAsync(HttpMethod.Post, "reset")).Status);

        var (_, all) = await CallAsync(HttpMethod.Get, "proxies");
        Assert.All(all!.AsObject(), p => Assert.True(p.Value!["enabled"]!.GetValue<bool>()));
        Assert.All(all.AsObject(), p => Assert.Empty(p.Value!["toxics"]!.AsArray()));
    }

    [Fact]
    public async Task Populate_creates_or_keeps_the_listed_proxies_and_refuses_a_bad_list_whole()
    {
        var body = $$"""[{"name":"web_dev_frontend_1","listen":"127.0.0.1:0","upstream":"{{Echo.Address}}"},{"name":"web_dev_mongodb_1","listen":"127.0.0.1:0","upstream":"{{Echo.Address}}","enabled":false}]""";

        var (status, result) = await CallAsync(HttpMethod.Post, "populate", body);

        Assert.Equal(HttpStatusCode.Created, status);
        var proxies = result!["proxies"]!.AsArray();
        Assert.Equal(["web_dev_frontend_1", "web_dev_mongodb_1"], proxies.Select(p => p!["name"]!.GetValue<string>()));
        Assert.False(proxies[1]!["enabled"]!.GetValue<bool>());

        var (refused, _) = await CallAsync(HttpMethod.Post, "populate", """[{"name":"ok","upstream":"127.0.0.1:1"},{"name":"no_upstream"}]""");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(HttpMethod.Get, "proxies/ok")).Status);
    }

    [Fact]
    public async Task Version_answers_json()
    {
        var (status, version) = await CallAsync(HttpMethod.Get, "version");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("2.", version!["version"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> CallAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await Proxies.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }
}
