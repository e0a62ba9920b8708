using Stadium.Lab.Ledger;

namespace Stadium.Lab.Tests;

public sealed class WriteLedgerTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ledger-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_path);

    private async Task WriteTwoEntriesAsync()
    {
        await using var ledger = new WriteLedger(_path);
        await ledger.AppendAsync(new LedgerEntry(1, "user1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch), CancellationToken.None);
        await ledger.AppendAsync(new LedgerEntry(2, "user2", null, DateTimeOffset.UnixEpoch), CancellationToken.None);
    }

    [Fact]
    public async Task Entries_read_back_as_written()
    {
        await WriteTwoEntriesAsync();
        var entries = await WriteLedger.ReadAsync(_path, CancellationToken.None);
        Assert.Equal([1L, 2L], entries.Select(e => e.PostId));
        Assert.Equal("user2", entries[1].Author);
    }

    [Fact]
    public async Task A_last_line_torn_by_a_killed_generator_is_skipped()
    {
        await WriteTwoEntriesAsync();
        await File.AppendAllTextAsync(_path, "{\"postId\":3,\"auth");
        var entries = await WriteLedger.ReadAsync(_path, CancellationToken.None);
        Assert.Equal([1L, 2L], entries.Select(e => e.PostId));
    }

    [Fact]
    public async Task A_broken_line_before_the_end_is_a_format_error_naming_the_line()
    {
        await File.WriteAllTextAsync(_path, "{\"postId\":1,\"author\":\"a\",\"acknowledgedAt\":\"2026-01-01T00:00:00Z\"}\nnot json\n{\"postId\":2,\"author\":\"b\",\"acknowledgedAt\":\"2026-01-01T00:00:00Z\"}\n");
        var error = await Assert.ThrowsAsync<FormatException>(() => WriteLedger.ReadAsync(_path, CancellationToken.None));
        Assert.Contains(":2:", error.Message);
    }

    [Theory]
    [InlineData("{\"x\":1}")]
    [InlineData("{\"postId\":5}")]
    [InlineData("{\"postId\":0,\"author\":\"user1\"}")]
    [InlineData("null")]
    public async Task Json_that_is_not_an_entry_is_a_format_error_naming_the_line(string line)
    {
        await WriteTwoEntriesAsync();
        await File.AppendAllTextAsync(_path, line + "\n");
        var error = await Assert.ThrowsAsync<FormatException>(() => WriteLedger.ReadAsync(_path, CancellationToken.None));
        Assert.Contains(":3:", error.Message, StringComparison.Ordinal);
    }
}
