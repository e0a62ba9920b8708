using System.Text.Json;
using Stadium.Protection.Settings;

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
    private long _unacknowledged;

    public WriteLedger(string path)
        : this(System.IO.Path.GetFullPath(path), FileMode.Append)
    {
    }

    private WriteLedger(string fullPath, FileMode mode)
    {
        Path = fullPath;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _writer = new StreamWriter(new FileStream(Path, mode, FileAccess.Write, FileShare.Read));
    }

    /// <summary>
    /// A new ledger for one run, never one an earlier run wrote: <paramref name="path"/> itself when no file is there,
    /// else the same name with the run's start time (ledger-20261202-201500.jsonl, then -2, -3 ... within one second),
    /// created exclusively so two runs never share a file. <see cref="Path"/> says which.
    /// </summary>
    public static WriteLedger ForRun(string path, DateTimeOffset startedAt)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        var stem = System.IO.Path.GetFileNameWithoutExtension(full);
        var extension = System.IO.Path.GetExtension(full);
        var stamped = System.IO.Path.Combine(folder, $"{stem}-{startedAt.UtcDateTime:yyyyMMdd-HHmmss}");
        for (var attempt = 0; ; attempt++)
        {
            var candidate = attempt switch
            {
                0 => full,
                1 => stamped + extension,
                _ => $"{stamped}-{attempt}{extension}",
            };
            try
            {
                return new WriteLedger(candidate, FileMode.CreateNew);
            }
            catch (IOException) when (File.Exists(candidate) && attempt < 1000)
            {
                // Taken by an earlier run: try the next name.
            }
        }
    }

    /// <summary>Whether the run had to pick another name because the requested file was there already.</summary>
    public bool Renamed(string requested) => !string.Equals(Path, System.IO.Path.GetFullPath(requested), StringComparison.Ordinal);

    public string Path { get; }

    /// <summary>Acknowledged creates appended so far.</summary>
    public long Entries => Interlocked.Read(ref _entries);

    /// <summary>Indeterminate and failed writes appended so far (see <see cref="LedgerKinds"/>).</summary>
    public long Unacknowledged => Interlocked.Read(ref _unacknowledged);

    public async Task AppendAsync(LedgerEntry entry, CancellationToken ct)
    {
        var line = JsonSerializer.Serialize(entry);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _writer.WriteLineAsync(line.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            await _writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref entry.IsAcknowledged ? ref _entries : ref _unacknowledged);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <exception cref="FormatException">The path is a folder, or a line is not a ledger entry; the message names the line.</exception>
    public static async Task<IReadOnlyList<LedgerEntry>> ReadAsync(string path, CancellationToken ct)
    {
        InputFile.RefuseFolder(path, "the ledger");
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

            // Valid JSON is not yet an entry: without a post id (or, unacknowledged, a key and the text) and an author there
            // is nothing to check, and a null author would end the verdict's listing with "Value cannot be null".
            entries.Add(entry switch
            {
                null => throw new FormatException($"{path}:{number}: not a ledger entry (null)."),
                { Kind: null, PostId: > 0, Author.Length: > 0 } => entry,
                { Kind: null } => throw new FormatException($"{path}:{number}: not a ledger entry (it needs a positive postId and an author)."),
                { Author.Length: > 0, IdempotencyKey.Length: > 0, Text.Length: > 0 } when LedgerKinds.All.Contains(entry.Kind) => entry,
                _ when !LedgerKinds.All.Contains(entry.Kind) =>
                    throw new FormatException($"{path}:{number}: unknown ledger entry kind '{entry.Kind}' (the kinds are {string.Join(", ", LedgerKinds.All)})."),
                _ => throw new FormatException($"{path}:{number}: not a ledger entry (a {entry.Kind} write needs an author, an idempotencyKey and its text)."),
            });
        }

        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
