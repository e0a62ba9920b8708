using Microsoft.Extensions.Options;

namespace Stadium.Service.Tests;

/// <summary>A setting out of range stops the node at start, with a message naming the key to change.</summary>
public sealed class SettingsValidationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stadium-settings-tests", Guid.NewGuid().ToString("n"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private StadiumHostSettings With(string key, string value) =>
        new(Port: 0, DataFolder: _folder, Settings: new Dictionary<string, string?> { [key] = value });

    /// <summary>Builds and starts a node; some settings are read while the host is built (Kestrel's limits), the rest when it starts.</summary>
    private static async Task<OptionsValidationException> StartFails(Func<Microsoft.AspNetCore.Builder.WebApplication> build) =>
        await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = build();
            await app.StartAsync();
        });

    [Theory]
    [InlineData("Stadium:Auth:LoginConcurrency", "0", "Stadium:Auth:LoginConcurrency must be at least 1 (got 0)")]
    [InlineData("Stadium:Auth:LoginQueue", "-1", "Stadium:Auth:LoginQueue must be at least 0 (got -1)")]
    [InlineData("Stadium:ForwardedHeaders:KnownProxies:0", "gateway.local", "Stadium:ForwardedHeaders:KnownProxies must list IP addresses or CIDR networks (got gateway.local)")]
    [InlineData("Stadium:Auth:PasswordIterations", "0", "Stadium:Auth:PasswordIterations must be at least 1")]
    [InlineData("Stadium:Auth:AccessTokenLifetime", "00:00:00", "Stadium:Auth:AccessTokenLifetime must be longer than zero")]
    [InlineData("Stadium:Auth:RevocationPollInterval", "-00:00:01", "Stadium:Auth:RevocationPollInterval must not be negative")]
    [InlineData("Stadium:Feed:TimelineCapacity", "0", "Stadium:Feed:TimelineCapacity must be at least 1")]
    [InlineData("Stadium:Feed:CelebrityFollowers", "-5", "Stadium:Feed:CelebrityFollowers must be at least 0")]
    [InlineData("Stadium:Feed:MaxResidentTimelines", "0", "Stadium:Feed:MaxResidentTimelines must be at least 1")]
    [InlineData("Stadium:Limits:MaxPageSize", "0", "Stadium:Limits:MaxPageSize must be at least 1")]
    [InlineData("Stadium:Limits:DefaultPageSize", "500", "Stadium:Limits:DefaultPageSize must be at most 100 (got 500)")]
    [InlineData("Stadium:Limits:MaxRequestBodyBytes", "0", "Stadium:Limits:MaxRequestBodyBytes must be at least 1")]
    [InlineData("Stadium:Cache:PostDuration", "00:00:00", "Stadium:Cache:PostDuration must be longer than zero")]
    [InlineData("Stadium:Cache:DistributedHardTimeout", "-00:00:01", "Stadium:Cache:DistributedHardTimeout must be longer than zero")]
    [InlineData("Stadium:Redis:OperationTimeout", "00:00:00", "Stadium:Redis:OperationTimeout must be longer than zero")]
    [InlineData("Stadium:Email:Provider", "Pigeon", "Stadium:Email:Provider must be FileDrop or Smtp (got 'Pigeon')")]
    [InlineData("Stadium:Email:BatchSize", "0", "Stadium:Email:BatchSize must be at least 1")]
    [InlineData("Stadium:Email:PublicUrl", "stadium.example", "Stadium:Email:PublicUrl must be an absolute http or https URL without a query, fragment or user name")]
    [InlineData("Stadium:Email:PublicUrl", "ftp://stadium.example", "Stadium:Email:PublicUrl must be an absolute http or https URL without a query, fragment or user name")]
    [InlineData("Stadium:Email:PublicUrl", "https://stadium.example/#api", "Stadium:Email:PublicUrl must be an absolute http or https URL without a query, fragment or user name")]
    [InlineData("Stadium:Email:PublicUrl", "https://ada:secret@stadium.example", "Stadium:Email:PublicUrl must be an absolute http or https URL without a query, fragment or user name")]
    [InlineData("Stadium:Email:Smtp:Port", "70000", "Stadium:Email:Smtp:Port must be from 1 to 65535")]
    [InlineData("Stadium:Protection:Dependencies:RetryBudgetRatio", "-0.1", "Stadium:Protection:Dependencies:RetryBudgetRatio must be from 0 to 10")]
    [InlineData("Stadium:Protection:Dependencies:Primary:MaxRetries", "-1", "Stadium:Protection:Dependencies:Primary:MaxRetries must be at least 0 (got -1)")]
    [InlineData("Stadium:Protection:Dependencies:Replicas:BreakerMinimumThroughput", "1", "Stadium:Protection:Dependencies:Replicas:BreakerMinimumThroughput must be at least 2 (got 1)")]
    [InlineData("Stadium:Protection:Dependencies:Redis:BreakerDuration", "00:00:00.1", "Stadium:Protection:Dependencies:Redis:BreakerDuration must be at least 00:00:00.5")]
    [InlineData("Stadium:Telemetry:OtlpEndpoint", "collector:4318", "Stadium:Telemetry:OtlpEndpoint must be an absolute http:// or https:// address")]
    [InlineData("Stadium:Telemetry:OtlpProtocol", "udp", "Stadium:Telemetry:OtlpProtocol must be http/protobuf or grpc")]
    [InlineData("Stadium:Jobs:PollInterval", "00:00:00", "Stadium:Jobs:PollInterval must be longer than zero")]
    [InlineData("Stadium:Jobs:MaxConnections", "0", "Stadium:Jobs:MaxConnections must be at least 1 (got 0)")]
    [InlineData("Stadium:Jobs:Types:export.pdf:MaxAttempts", "0", "Stadium:Jobs:Types:export.pdf:MaxAttempts must be at least 1 (got 0)")]
    [InlineData("Stadium:Jobs:Types:announcement.batch:Concurrency", "0", "Stadium:Jobs:Types:announcement.batch:Concurrency must be at least 1")]
    [InlineData("Stadium:Retention:IdempotencyKeys", "00:00:00", "Stadium:Retention:IdempotencyKeys must be longer than zero")]
    [InlineData("Stadium:Retention:CompletedJobs", "-00:00:01", "Stadium:Retention:CompletedJobs must not be negative")]
    [InlineData("Stadium:Retention:Deliveries", "1.00:00:00", "Stadium:Retention:Deliveries must be at least DeadJobs (14.00:00:00)")]
    [InlineData("Stadium:Retention:SweepBatch", "0", "Stadium:Retention:SweepBatch must be from 1 to 10000 (got 0)")]
    [InlineData("Stadium:Retention:SweepInterval", "2.00:00:00", "Stadium:Retention:SweepInterval must be at most 1.00:00:00")]
    [InlineData("Stadium:Protection:RateLimits:Users:Read:TokenLimit", "0", "Stadium:Protection:RateLimits:Users:Read:TokenLimit must be at least 1 (got 0)")]
    [InlineData("Stadium:Protection:RateLimits:Addresses:Auth:Period", "00:00:00.500", "Stadium:Protection:RateLimits:Addresses:Auth:Period must be a whole number of seconds")]
    [InlineData("Stadium:Protection:RateLimits:RedisTimeout", "00:00:00", "Stadium:Protection:RateLimits:RedisTimeout must be longer than zero")]
    [InlineData("Stadium:Memory:Budget", "lots", "Stadium:Memory:Budget must be a size in bytes")]
    public async Task A_bad_setting_fails_the_api_node_at_start_naming_the_key(string key, string value, string message)
    {
        var failure = await StartFails(() => StadiumHost.Build(With(key, value)));
        Assert.Contains(message, failure.Message);
    }

    [Fact]
    public async Task Every_bad_setting_of_a_section_is_named_at_once()
    {
        var failure = await StartFails(() => StadiumHost.Build(new StadiumHostSettings(Port: 0, DataFolder: _folder, Settings: new Dictionary<string, string?>
        {
            ["Stadium:Auth:LoginConcurrency"] = "0",
            ["Stadium:Auth:RefreshTokenLifetime"] = "00:00:00",
        })));
        Assert.Contains("Stadium:Auth:LoginConcurrency", failure.Message);
        Assert.Contains("Stadium:Auth:RefreshTokenLifetime", failure.Message);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")] // "short": 5 bytes, HS256 needs 32
    public void A_bad_signing_key_fails_the_build_naming_the_key(string key)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => StadiumHost.Build(With("Stadium:Auth:SigningKey", key)));
        Assert.Contains("Stadium:Auth:SigningKey must be base64 of at least 32 bytes", failure.Message);
    }

    [Fact]
    public async Task A_bad_email_setting_fails_a_worker_at_start_too()
    {
        var failure = await StartFails(() => WorkerHost.Build(With("Stadium:Email:RatePerSecond", "0")));
        Assert.Contains("Stadium:Email:RatePerSecond must be at least 1 (got 0)", failure.Message);
    }

    [Theory]
    [InlineData("http://0.0.0.0:9123", "http://127.0.0.1:9123")]
    [InlineData("http://[::]:9123;http://127.0.0.1:9124", "http://127.0.0.1:9123")]
    [InlineData("https://stadium.example:8443", "https://stadium.example:8443")]
    public void Email_links_point_at_the_node_unless_configured_and_never_at_a_worker(string urls, string expected)
    {
        Assert.Equal(expected, StadiumHost.CreateBuilder(new StadiumHostSettings(DataFolder: _folder, Urls: urls)).Configuration["Stadium:Email:PublicUrl"]);
        var configured = new StadiumHostSettings(DataFolder: _folder, Urls: urls, Settings: new Dictionary<string, string?> { ["Stadium:Email:PublicUrl"] = "https://api.example/" });
        Assert.Equal("https://api.example/", StadiumHost.CreateBuilder(configured).Configuration["Stadium:Email:PublicUrl"]);
        // A worker is not where people click: its links keep the documented default unless configured.
        Assert.Null(StadiumHost.CreateBuilder(new StadiumHostSettings(DataFolder: _folder, Urls: urls), servesApi: false).Configuration["Stadium:Email:PublicUrl"]);
    }

    [Fact]
    public async Task The_documented_values_start()
    {
        await using var app = StadiumHost.Build(new StadiumHostSettings(Port: 0, DataFolder: _folder, Settings: new Dictionary<string, string?>
        {
            ["Stadium:Auth:LoginConcurrency"] = "1",
            ["Stadium:Auth:LoginQueue"] = "0",
            ["Stadium:Auth:RevocationPollInterval"] = "00:00:00",
            ["Stadium:Feed:CelebrityFollowers"] = "0",
            ["Stadium:Limits:DefaultPageSize"] = "100",
            ["Stadium:Cache:DistributedCircuitBreakerDuration"] = "00:00:00",
            ["Stadium:Redis:AuthorPageMemo"] = "00:00:00",
        }));
        await app.StartAsync();
        await app.StopAsync();
    }
}
