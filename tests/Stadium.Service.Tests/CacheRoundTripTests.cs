using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Stadium.Service.Tests;

/// <summary>
/// How many cache round trips each route reports per request (stadium.downstream.calls, kind=cache), pinned so a
/// change in how they are counted shows up here rather than as a silent shift in `stadium top`.
/// </summary>
public sealed class CacheRoundTripTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    [Fact]
    public async Task Each_route_reports_the_cache_round_trips_it_makes()
    {
        var factory = node.App.Services.GetRequiredService<IMeterFactory>();
        var counts = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "stadium.downstream.calls")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            string? kind = null, method = null, route = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "kind": kind = tag.Value as string; break;
                    case "http.request.method": method = tag.Value as string; break;
                    case "http.route": route = tag.Value as string; break;
                }
            }

            if (kind == "cache")
            {
                counts.GetOrAdd($"{method} {route}", _ => new()).Enqueue(value);
            }
        });
        listener.Start();

        using var author = await node.NewUserAsync();
        using var reader = await node.NewUserAsync();

        HttpResponseMessage? last = null;
        async Task<int> Calls(string key, Func<Task<HttpResponseMessage>> send)
        {
            var before = counts.TryGetValue(key, out var seen) ? seen.Count : 0;
            last = (await send()).EnsureSuccessStatusCode();
            // The middleware records after the response has gone out.
            for (var i = 0; i < 200 && (!counts.TryGetValue(key, out seen) || seen.Count == before); i++)
            {
                await Task.Delay(10);
            }

            return counts[key].Last();
        }

        Assert.Equal(1, await Calls("GET /v1/users/{username}", () => reader.Client.GetAsync($"/v1/users/{author.Username}")));
        Assert.Equal(3, await Calls("PUT /v1/users/{username}/follow", () => reader.Client.PutAsync($"/v1/users/{author.Username}/follow", null)));
        Assert.Equal(1, await Calls("POST /v1/posts", () => author.Client.PostAsJsonAsync("/v1/posts", new { text = "counted" })));
        var id = (await ApiAssert.Json(last!, System.Net.HttpStatusCode.Created)).GetProperty("id").GetInt64();
        Assert.Equal(1, await Calls("GET /v1/posts/{id}", () => reader.Client.GetAsync($"/v1/posts/{id}")));
        Assert.Equal(2, await Calls("GET /v1/feed", () => reader.Client.GetAsync("/v1/feed")));
        Assert.Equal(1, await Calls("DELETE /v1/posts/{id}", () => author.Client.DeleteAsync($"/v1/posts/{id}")));
        Assert.Equal(2, await Calls("GET /v1/feed", () => reader.Client.GetAsync("/v1/feed")));
        Assert.Equal(3, await Calls("DELETE /v1/users/{username}/follow", () => reader.Client.DeleteAsync($"/v1/users/{author.Username}/follow")));
    }
}
