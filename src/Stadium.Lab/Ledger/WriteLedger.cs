using System.Text.Json;

namespace Stadium.Lab.Ledger;

/// <summary>
/// Appends every acknowledged create to a JSON-lines file, flushed per entry: if the generator dies
/// mid-chaos, what it was told is already on disk for <c>stadium load verify</c>.
/// </summary>
public sealed class WriteLedger : IAsyncDisposable
{
    private readonly StreamWriter _writer;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _entries;

    public WriteLedger(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _writer = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read));
    }

    public string Path { get; }

    public long Entries => Interlocked.Read(ref _entries);

    public async Task AppendAsync(LedgerEntry entry, CancellationToken ct)
    {
        var line = JsonSerializer.Serialize(entry);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _writer.WriteLineAsync(line.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            await _writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref _entries);
        }
        finally
        {
            _gate.Release();
        }
    }

    public static async Task<IReadOnlyList<LedgerEntry>> ReadAsync(string path, CancellationToken ct)
    {
        var entries = new List<LedgerEntry>();
        var text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        var lines = text.Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1];
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            LedgerEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<LedgerEntry>(line);
            }
            catch (JsonException) when (number == lines.Length)
            {
                // A last line without its newline is an entry the generator was writing when it was killed
                // (chaos runs do that): its write was never recorded whole, so there is nothing to check.
                continue;
            }
            catch (JsonException e)
            {
                throw new FormatException($"{path}:{number}: not a ledger entry ({e.Message}).", e);
            }

            // Valid JSON is not yet an entry: without a post id and an author there is nothing to check, and a
            // null author would end the verdict's listing with "Value cannot be null".
            entries.Add(entry is { PostId: > 0, Author.Length: > 0 }
                ? entry
                : throw new FormatException($"{path}:{number}: not a ledger entry (it needs a positive postId and an author)."));
        }

        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
