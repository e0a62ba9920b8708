using System.Buffers.Text;
using System.Net;
using System.Text;
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
            context.Request.Headers.Authorization = $"Bearer {Token($"{{\"iss\":\"stadium\",\"sub\":\"{user}\",\"exp\":1}}")}";
        }

        return context;
    }

    /// <summary>A JWT-shaped token whose payload is <paramref name="payloadJson"/> (the shedder never checks the signature).</summary>
    private static string Token(string payloadJson) =>
        $"{Base64Url.EncodeToString("{\"alg\":\"HS256\"}"u8)}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson))}.c2lnbmF0dXJl";

    private static DefaultHttpContext WithAuthorization(string value, string address = "10.0.0.7")
    {
        var context = Request(address: address);
        context.Request.Headers.Authorization = value;
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
    public void The_cohort_comes_from_the_tokens_subject_whatever_else_the_token_holds()
    {
        var priority = Priority();
        var plain = priority.CohortOf(Request("4242"));
        Assert.Equal(plain, priority.CohortOf(WithAuthorization($"Bearer {Token("{\"sub\":\"4242\",\"exp\":99,\"jti\":\"x\"}")}", address: "10.9.9.9")));
        Assert.Equal(plain, priority.CohortOf(WithAuthorization($"bearer {Token("{\"nested\":{\"sub\":\"1\"},\"sub\":\"4242\"}")}")));
        Assert.True(Enumerable.Range(0, 200).Select(i => priority.CohortOf(Request(i.ToString()))).Distinct().Count() > 50, "subjects spread over the cohorts");
    }

    [Theory]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.%%%.c")]
    [InlineData("Bearer a.bm90IGpzb24.c")] // "not json"
    [InlineData("Bearer a.eyJpc3MiOiJ4In0.c")] // {"iss":"x"}: no subject
    public void A_token_without_a_readable_subject_is_ordered_by_its_address_and_still_counts_as_signed_in(string authorization)
    {
        var priority = Priority();
        var context = WithAuthorization(authorization, address: "10.1.2.3");
        Assert.Equal(priority.CohortOf(Request(address: "10.1.2.3")), priority.CohortOf(context));
        Assert.Equal(PriorityTier.SignedIn, RequestPriority.TierOf(context, EndpointClass.Read));
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public void Other_schemes_and_empty_tokens_are_anonymous(string authorization) =>
        Assert.Equal(PriorityTier.Anonymous, RequestPriority.TierOf(WithAuthorization(authorization), EndpointClass.Read));

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
