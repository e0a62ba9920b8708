using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Stadium.Lab.Ledger;

namespace Stadium.Lab.Tests;

/// <summary>
/// The read side of a Stadium API whose reads may come from a replica, as the verifier meets it after a fault: each post
/// was written at a WAL position; a read that sends <c>Stadium-Consistency</c> at or past it is served by a store that has
/// it (the primary), any other read by the replica, which has replayed only up to <see cref="ReplicaPosition"/> and, when
/// <see cref="CatchUpAfterReads"/> is set, replays a post once it was asked for that many times.
/// </summary>
public sealed class LaggingPostsApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<long, (string Author, ulong Position)> _posts = new();
    private readonly ConcurrentDictionary<long, int> _reads = new();

    private LaggingPostsApi(WebApplication app) => _app = app;

    public Uri Address => new(_app.Urls.Single());

    public ulong ReplicaPosition { get; set; }

    public int? CatchUpAfterReads { get; init; }

    public int Reads(long id) => _reads.GetValueOrDefault(id);

    public void Add(long id, string author, ulong position) => _posts[id] = (author, position);

    public static async Task<LaggingPostsApi> StartAsync(int? catchUpAfterReads = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var api = new LaggingPostsApi(app) { CatchUpAfterReads = catchUpAfterReads };
        app.MapGet("/v1/posts/{id:long}", (long id, HttpRequest request) =>
        {
            var reads = api._reads.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (!api._posts.TryGetValue(id, out var post))
            {
                return Results.NotFound();
            }

            var token = request.Headers.TryGetValue(LedgerVerifier.ConsistencyHeader, out var value)
                        && ulong.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var position) ? position : 0;
            var replayed = post.Position <= api.ReplicaPosition || reads >= api.CatchUpAfterReads;
            return token >= post.Position || replayed ? Results.Json(new { id, author = post.Author, text = "x" }) : Results.NotFound();
        });
        await app.StartAsync();
        return api;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
