using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Stadium.Protection.RateLimits;

namespace Stadium.Protection.Tests.RateLimits;

public sealed class LimitKeysTests
{
    [Fact]
    public void A_signed_in_request_takes_from_its_users_bucket_whatever_its_address()
    {
        var context = Request("GET", "10.0.0.7");
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "42")], authenticationType: "Bearer"));
        Assert.Equal(new LimitKey(EndpointClass.Read, LimitScope.User, "42"), LimitKeys.For(context));
    }

    [Fact]
    public void An_anonymous_request_takes_from_its_addresss_bucket_and_its_class_follows_the_method()
    {
        Assert.Equal(new LimitKey(EndpointClass.Read, LimitScope.Address, "10.0.0.7"), LimitKeys.For(Request("GET", "10.0.0.7")));
        Assert.Equal(new LimitKey(EndpointClass.Write, LimitScope.Address, "10.0.0.7"), LimitKeys.For(Request("POST", "10.0.0.7")));
    }

    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("::1", "::1")]
    public void An_address_is_the_connections_and_an_ipv6_client_counts_by_its_64(string remote, string key) =>
        Assert.Equal(key, ClientAddress.Of(IPAddress.Parse(remote)));

    [Fact]
    public void A_request_without_a_remote_address_shares_one_bucket_rather_than_none() =>
        Assert.Equal(ClientAddress.Unknown, ClientAddress.Of(null));

    [Theory]
    [InlineData("/health/live", true)]
    [InlineData("/health/ready", true)]
    [InlineData("/metrics", true)]
    [InlineData("/openapi/v1.json", true)]
    [InlineData("/docs", true)]
    [InlineData("/v1/feed", false)]
    [InlineData("/healthy", false)]
    public void Probes_metrics_and_the_api_description_are_never_limited(string path, bool unlimited) =>
        Assert.Equal(unlimited, LimitKeys.Unlimited(path));

    private static DefaultHttpContext Request(string method, string address)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }
}
