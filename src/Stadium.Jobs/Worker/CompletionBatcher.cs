using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Stadium.Jobs.Worker;

/// <summary>
/// Acknowledges finished jobs in batches: one statement for every job that finished since the last one.
/// A crash before the flush only means those jobs run again, which their idempotent handlers allow.
/// </summary>
internal sealed partial class CompletionBatcher(IJobQueue queue, ILogger logger)
{
    private const int MaxBatch = 500;
    private readonly Channel<ClaimedJob> _finished = Channel.CreateUnbounded<ClaimedJob>(new UnboundedChannelOptions { SingleReader = true });

    public void Add(ClaimedJob job) => _finished.Writer.TryWrite(job);

    public void Complete() => _finished.Writer.TryComplete();

    /// <summary>Runs until <see cref="Complete"/> and everything added before it is acknowledged.</summary>
    public async Task RunAsync()
    {
        var batch = new List<ClaimedJob>(MaxBatch);
        while (await _finished.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _finished.Reader.TryRead(out var job))
            {
                batch.Add(job);
            }

            try
            {
                await queue.CompleteAsync(batch, CancellationToken.None);
            }
            catch (Exception e)
            {
                // Their leases will expire and they will run again; handlers are idempotent.
                LogAckFailed(logger, e, batch.Count);
            }

            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not acknowledge {Count} finished jobs; they will be re-delivered")]
    private static partial void LogAckFailed(ILogger logger, Exception exception, int count);
}
