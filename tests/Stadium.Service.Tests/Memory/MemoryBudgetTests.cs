using Microsoft.Extensions.Options;
using Stadium.Service.Platform.Memory;

namespace Stadium.Service.Tests.Memory;

public sealed class MemoryBudgetTests
{
    private const long Gigabyte = 1L << 30;

    [Fact]
    public void An_explicit_budget_wins_over_a_container_limit()
    {
        var budget = MemoryBudget.Resolve(new MemoryOptions { Budget = "512MB" }, containerLimit: 4 * Gigabyte);
        Assert.Equal(512L << 20, budget.Bytes);
        Assert.Equal("setting", budget.Source);
    }

    [Fact]
    public void Without_a_setting_the_budget_is_60_percent_of_the_container_limit()
    {
        using var host = new MemoryTestHost([], new SimulatedMemoryProbe(containerLimit: Gigabyte));
        var budget = host.Get<MemoryBudget>();
        Assert.Equal((long)(Gigabyte * 0.6), budget.Bytes);
        Assert.Equal("container limit", budget.Source);
    }

    [Fact]
    public void Without_a_setting_or_a_limit_the_budget_is_one_gigabyte()
    {
        var budget = MemoryBudget.Resolve(new MemoryOptions(), containerLimit: null);
        Assert.Equal(Gigabyte, budget.Bytes);
        Assert.Equal("default", budget.Source);
    }

    [Fact]
    public void Each_cache_is_limited_to_its_share_of_the_budget()
    {
        using var host = new MemoryTestHost(new() { ["Stadium:Memory:Budget"] = "1000000", ["Stadium:Memory:Shares:Posts"] = "0.4" });
        var budget = host.Get<MemoryBudget>();
        Assert.Equal(400_000, budget.LimitOf(CacheNames.Posts));
        Assert.Equal(50_000, budget.LimitOf(CacheNames.Profiles));
        Assert.Equal(400_000, host.Posts.Limit);
        Assert.Equal(6, budget.Limits.Count);
    }

    [Theory]
    [InlineData("536870912", 536870912L)]
    [InlineData("512MB", 512L << 20)]
    [InlineData("2GB", 2L << 30)]
    [InlineData("1.5 GB", 3L << 29)]
    [InlineData("64kb", 64L << 10)]
    public void Sizes_are_read_as_bytes_or_with_a_unit(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-1MB")]
    [InlineData("0")]
    [InlineData("12XB")]
    public void Other_sizes_are_refused(string text) => Assert.False(ByteSize.TryParse(text, out _));

    [Theory]
    [InlineData("Stadium:Memory:Budget", "lots", "Stadium:Memory:Budget must be a size in bytes, or with KB, MB, GB or TB, such as 512MB (got 'lots')")]
    [InlineData("Stadium:Memory:Shares:Posts", "0.9", "Stadium:Memory:Shares must add up to at most 1 (got 1.25)")]
    [InlineData("Stadium:Memory:Shares:Tokens", "-0.1", "Stadium:Memory:Shares:Tokens must be from 0 to 1")]
    [InlineData("Stadium:Memory:CriticalAt", "0.5", "Stadium:Memory:CriticalAt must be above TrimAt and at most 1 (got 0.5)")]
    [InlineData("Stadium:Memory:CheckInterval", "00:00:00", "Stadium:Memory:CheckInterval must be longer than zero")]
    public void A_bad_memory_setting_is_refused_naming_the_key(string key, string value, string message)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => new MemoryTestHost(new() { [key] = value }).Dispose());
        Assert.Contains(message, failure.Message);
    }
}
