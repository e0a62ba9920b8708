using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stadium.Data;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Posts;

/// <summary>
/// Touches the store and the post cache before the node reports ready, so the first real requests
/// don't pay for cold connections and JIT compilation of the hot paths.
/// </summary>
internal sealed partial class PostCacheWarmup(IStoreHealth store, IPostStore posts, IPostCache postCache, WarmupState state, ILogger<PostCacheWarmup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.CheckAsync(stoppingToken);
            var recent = await posts.GetRecentPostIdsAsync(1, 100, stoppingToken);
            await postCache.GetManyAsync(recent, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWarmupFailed(logger, e);
        }

        state.MarkDone();
        LogWarm(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up done; node is ready")]
    private static partial void LogWarm(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up failed; continuing cold")]
    private static partial void LogWarmupFailed(ILogger logger, Exception e);
}
