using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Stadium.Protection.Shedding;

namespace Stadium.Protection.Tests.Shedding;

public sealed class RequestPriorityTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));

    private RequestPriority Priority() => new(new SheddingOptions { Cohorts = 64, CohortRotation = TimeSpan.FromHours(1) }, _time);

    private static DefaultHttpContext Request(string? user = null, string method = "GET", string query = "", string address = "10.0.0.7")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.QueryString = new QueryString(query);
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (user is not null)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", user)], "Bearer"));
        }

        return context;
    }

    [Theory]
    [InlineData("42", "GET", "", EndpointClass.Read, PriorityTier.SignedIn)]
    [InlineData("42", "POST", "", EndpointClass.Write, PriorityTier.SignedIn)]
    [InlineData(null, "GET", "", EndpointClass.Read, PriorityTier.Anonymous)]
    [InlineData(null, "POST", "", EndpointClass.Auth, PriorityTier.Anonymous)]
    [InlineData("42", "POST", "", EndpointClass.Auth, PriorityTier.Anonymous)]
    [InlineData("42", "POST", "", EndpointClass.Bulk, PriorityTier.Bulk)]
    [InlineData("42", "GET", "?cursor=abc&limit=20", EndpointClass.Read, PriorityTier.Bulk)]
    [InlineData(null, "GET", "?before=99", EndpointClass.Read, PriorityTier.Bulk)]
    [InlineData("42", "GET", "?limit=20", EndpointClass.Read, PriorityTier.SignedIn)]
    public void Tiers_come_from_the_endpoint_class_the_user_and_paging(string? user, string method, string query, EndpointClass endpointClass, PriorityTier expected) =>
        Assert.Equal(expected, RequestPriority.TierOf(Request(user, method, query), endpointClass));

    [Fact]
    public void Every_signed_in_request_outranks_every_anonymous_one_and_both_outrank_bulk()
    {
        var priority = Priority();
        var signedIn = Enumerable.Range(0, 500).Select(i => priority.Of(Request(i.ToString()), PriorityTier.SignedIn)).ToList();
        var anonymous = Enumerable.Range(0, 250).Select(i => priority.Of(Request(address: $"10.0.{i}.1"), PriorityTier.Anonymous)).ToList();
        var bulk = Enumerable.Range(0, 500).Select(i => priority.Of(Request(i.ToString()), PriorityTier.Bulk)).ToList();
        Assert.True(signedIn.Max() < anonymous.Min());
        Assert.True(anonymous.Max() < bulk.Min());
    }

    [Fact]
    public void A_user_keeps_their_place_within_a_rotation_and_the_order_moves_on_after_it()
    {
        var priority = Priority();
        var users = Enumerable.Range(0, 1000).Select(i => i.ToString()).ToList();
        var first = users.ToDictionary(u => u, u => priority.Of(Request(u), PriorityTier.SignedIn));
        Assert.True(first.Values.Distinct().Count() > 60, "a thousand users spread over the 64 cohorts");

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.All(users, u => Assert.Equal(first[u], priority.Of(Request(u), PriorityTier.SignedIn)));
        Assert.Equal(first["7"], priority.Of(Request("7", method: "POST"), PriorityTier.SignedIn)); // the same user on any endpoint

        _time.Advance(TimeSpan.FromMinutes(1));
        var next = users.ToDictionary(u => u, u => priority.Of(Request(u), PriorityTier.SignedIn));
        Assert.All(users, u => Assert.Equal((first[u] + 1) % 64, next[u]));
    }

    [Fact]
    public void Over_a_full_rotation_every_cohort_is_last_once()
    {
        var priority = Priority();
        var last = new HashSet<int>();
        for (var hour = 0; hour < 64; hour++)
        {
            last.Add(Enumerable.Range(0, 64).Single(cohort => priority.RankOf(cohort) == 63));
            _time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(64, last.Count);
    }
}
