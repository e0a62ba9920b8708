using Microsoft.Extensions.Configuration;
using StackExchange.Redis;
using Stadium.Testing;

namespace Stadium.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed class StatusAndSettingsTests(TestClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Status_reports_each_server_its_role_and_the_replica_lag()
    {
        var statuses = await Cluster.StatusAsync(CancellationToken.None);

        Assert.All(statuses, s => Assert.True(s.Up, $"{s.Name}: {s.Error}"));
        var primary = Assert.Single(statuses, s => s.Role == ServerRoles.Primary);
        Assert.False(primary.InRecovery);
        Assert.Equal(1, primary.StandbysStreaming);

        var replica = Assert.Single(statuses, s => s.Role == ServerRoles.Replica);
        Assert.Equal("replica1", replica.Name);
        Assert.True(replica.InRecovery);
        Assert.Equal("streaming", replica.ReplicationState);
        Assert.NotNull(replica.ReplayLagBytes);
        Assert.InRange(replica.ReplayLagBytes.Value, 0, 16 * 1024 * 1024);
        Assert.False(replica.ReplayPaused);
        Assert.NotNull(replica.ReplayLsn);

        var redis = Assert.Single(statuses, s => s.Kind == ServerRoles.RedisKind);
        Assert.NotNull(redis.PingMilliseconds);
    }

    [Fact]
    public async Task The_printed_connection_settings_work_as_printed()
    {
        var variables = Cluster.Settings.EnvironmentVariables().ToDictionary();

        Assert.Equal("Postgres", variables["Stadium__Store__Provider"]);
        foreach (var name in new[] { "Stadium__Store__Postgres__Primary", "Stadium__Store__Postgres__Replicas__0" })
        {
            await using var connection = new Npgsql.NpgsqlConnection(variables[name]);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT current_user", connection);
            Assert.Equal("stadium", await command.ExecuteScalarAsync());
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(variables["Stadium__Redis__Configuration"]);
        Assert.True(redis.IsConnected);
    }

    [Fact]
    public async Task Redis_stores_and_returns_a_value()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Cluster.RedisConfiguration);
        var db = redis.GetDatabase();
        var key = $"test:{Guid.NewGuid():N}";

        Assert.True(await db.StringSetAsync(key, "hello"));
        Assert.Equal("hello", (string?)await db.StringGetAsync(key));
    }

    [Fact]
    public void The_settings_file_reads_as_configuration_with_the_service_keys()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Cluster.SettingsPath).Build();

        Assert.Equal("Postgres", configuration["Stadium:Store:Provider"]);
        Assert.Equal(Cluster.PrimaryConnectionString, configuration["Stadium:Store:Postgres:Primary"]);
        Assert.Equal(Cluster.ReplicaConnectionStrings[0], configuration["Stadium:Store:Postgres:Replicas:0"]);
        Assert.Equal($"127.0.0.1:{Cluster.Server("redis").Port}", configuration["Stadium:Redis:Configuration"]);
        Assert.Contains($"Port={Cluster.Server("primary").Port}", configuration["Stadium:Store:Postgres:Primary"]);
    }

    [Fact]
    public void The_settings_file_is_readable_by_its_owner_only()
    {
        var mode = File.GetUnixFileMode(Cluster.SettingsPath);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }
}
