using Stadium.Data.Requests;

namespace Stadium.Service.Platform;

/// <summary>Counts cache round trips against the current request (see <see cref="DataRequest"/>).</summary>
internal static class DownstreamCalls
{
    private static readonly DataRequestAccessor Requests = new();

    public static void RecordCache(int count = 1) => Requests.Current?.RecordCacheCalls(count);
}
