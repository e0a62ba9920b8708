using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Stadium.Protection.Slo;

namespace Stadium.Protection.Tests.Slo;

/// <summary>Which objective a request answers to: its endpoint's, or behind a catch-all (the gateway's routes) its path's.</summary>
public sealed class SloEndpointsTests
{
    private readonly SloEndpoints _endpoints = new(SloFileParser.BuiltIn);

    private static HttpContext Request(string method, string path, string route, string? endpointMethod = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        var metadata = new EndpointMetadataCollection(new HttpMethodMetadata([endpointMethod ?? method]));
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(route), 0, metadata, route));
        return context;
    }

    [Fact]
    public void A_mapped_endpoint_answers_to_its_template()
    {
        Assert.Equal("GET /v1/users/{username}/posts", _endpoints.ForPath(Request("GET", "/v1/users/alice/posts", "/v1/users/{username}/posts"))!.Name);
        Assert.Equal("GET /v1/users/{username}/posts", _endpoints.For(Request("GET", "/v1/users/alice/posts", "/v1/users/{username}/posts"))!.Name);
    }

    [Fact]
    public void Behind_a_catch_all_the_path_finds_the_objective()
    {
        var post = Request("POST", "/v1/posts", "/{**path}");
        Assert.Null(_endpoints.For(post));
        Assert.Equal(TimeSpan.FromMilliseconds(200), _endpoints.ForPath(post)!.Latency);
        Assert.Equal(TimeSpan.FromMilliseconds(50), _endpoints.ForPath(Request("GET", "/v1/feed", "/{**path}"))!.Latency);
        Assert.Equal("POST /v1/auth/login", _endpoints.ForPath(Request("POST", "/v1/auth/login", "/v1/auth/{**path}"))!.Name);
        Assert.Null(_endpoints.ForPath(Request("GET", "/v1/nothing/here", "/{**path}")));
    }

    [Fact]
    public void A_mapped_endpoint_the_file_does_not_list_has_none_whatever_its_path()
    {
        Assert.Null(_endpoints.ForPath(Request("GET", "/v1/feed", "/internal/{name}")));
    }
}
