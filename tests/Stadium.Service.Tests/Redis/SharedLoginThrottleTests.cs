using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Stadium.Service.Features.Auth;
using Stadium.Testing;

namespace Stadium.Service.Tests.Redis;

/// <summary>
/// The failed-login budgets of two nodes against one real redis-server: failures seen by either count against one
/// budget, a refusal ends when Redis's bucket refills, and with Redis gone each node goes on with its own counts.
/// </summary>
public sealed class SharedLoginThrottleTests : IAsyncLifetime
{
    private readonly LocalRedis _redis = new();
    private readonly List<IConnectionMultiplexer> _connections = [];

    public Task InitializeAsync() => _redis.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Failures_on_two_nodes_spend_one_budget_and_it_refills_on_redis_clock()
    {
        // 4 failures of one account from one address per 8 s: one failure back every 2 s (room for a slow machine to
        // make the eight calls below before the first failure's worth is back).
        var auth = Options(perAccountAndAddress: 4, window: TimeSpan.FromSeconds(8));
        using var a = new LoginThrottle(auth, await ConnectAsync());
        using var b = new LoginThrottle(auth, await ConnectAsync());
        using var alone = new LoginThrottle(auth);
        Assert.True(a.Shared && b.Shared);
        Assert.False(alone.Shared);

        var user = "victim-" + Guid.NewGuid().ToString("n")[..8];
        for (var i = 0; i < 2; i++)
        {
            await a.FailedAsync(user, "10.0.0.1");
            await b.FailedAsync(user, "10.0.0.1");
            await alone.FailedAsync(user, "10.0.0.1");
        }

        var onA = await a.RefusalAsync(user, "10.0.0.1", CancellationToken.None);
        var onB = await b.RefusalAsync(user, "10.0.0.1", CancellationToken.None);
        Assert.NotNull(onA);
        Assert.NotNull(onB);
        Assert.InRange(onA.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));
        // A node counting alone has seen two of four: it would let the account be tried again.
        Assert.Null(await alone.RefusalAsync(user, "10.0.0.1", CancellationToken.None));
        // Another address, and another account, have their own budgets.
        Assert.Null(await a.RefusalAsync(user, "10.0.0.2", CancellationToken.None));
        Assert.Null(await b.RefusalAsync("someone-else", "10.0.0.1", CancellationToken.None));

        // One failure's worth comes back after about the refill the refusal named (bounded loosely: a loaded machine).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await a.RefusalAsync(user, "10.0.0.1", CancellationToken.None) is not null && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }

        Assert.Null(await b.RefusalAsync(user, "10.0.0.1", CancellationToken.None));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"still refused after {clock.Elapsed}");

        // One more failure spends it again, for both.
        await b.FailedAsync(user, "10.0.0.1");
        Assert.NotNull(await a.RefusalAsync(user, "10.0.0.1", CancellationToken.None));
    }

    [Fact]
    public async Task With_redis_gone_each_node_refuses_on_the_failures_it_saw_itself()
    {
        var auth = Options(perAccountAndAddress: 4, window: TimeSpan.FromHours(1));
        using var a = new LoginThrottle(auth, await ConnectAsync());
        var user = "victim-" + Guid.NewGuid().ToString("n")[..8];
        await a.FailedAsync(user, "10.0.0.1");
        await a.FailedAsync(user, "10.0.0.1");

        await _redis.StopAsync();
        // Redis away: answers come from this node's counts (two failures so far), and new failures still count here.
        Assert.Null(await a.RefusalAsync(user, "10.0.0.1", CancellationToken.None));
        await a.FailedAsync(user, "10.0.0.1");
        await a.FailedAsync(user, "10.0.0.1");
        var refusal = await a.RefusalAsync(user, "10.0.0.1", CancellationToken.None);
        Assert.NotNull(refusal);
        Assert.Equal(TimeSpan.FromMinutes(15), refusal.Value);
        await _redis.StartAgainAsync();
    }

    [Fact]
    public async Task A_budget_finer_than_a_millisecond_still_counts_each_failure_in_redis()
    {
        // The address's budget: 10 million failures an hour, one failure's refill 0.36 ms, which Redis cannot take as an
        // expiry. The script writes the address's bucket first; had it failed there, the account's would be missing too.
        var auth = Microsoft.Extensions.Options.Options.Create(new AuthOptions
        {
            FailedLoginsPerAddress = 10_000_000,
            FailedLoginsPerAccount = 100,
            FailedLoginsPerAccountAndAddress = 10,
            FailedLoginWindow = TimeSpan.FromHours(1),
        });
        var connection = await ConnectAsync();
        using var a = new LoginThrottle(auth, connection);
        var user = "victim-" + Guid.NewGuid().ToString("n")[..8];
        await a.FailedAsync(user, "10.0.0.9");

        // The account's bucket: one failure's refill (36 s) until it is full again.
        var expiry = await connection.GetDatabase().KeyTimeToLiveAsync($"stadium:login:u {user}");
        Assert.NotNull(expiry);
        Assert.InRange(expiry.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(36));
        Assert.True(a.Shared);
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        _connections.Add(connection);
        return connection;
    }

    private static IOptions<AuthOptions> Options(int perAccountAndAddress, TimeSpan window) => Microsoft.Extensions.Options.Options.Create(new AuthOptions
    {
        FailedLoginsPerAccountAndAddress = perAccountAndAddress,
        FailedLoginsPerAccount = 100,
        FailedLoginsPerAddress = 100,
        FailedLoginWindow = window,
    });
}
