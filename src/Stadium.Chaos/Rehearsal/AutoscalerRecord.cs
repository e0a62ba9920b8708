using System.Net.Http.Json;
using System.Text.Json;
using Stadium.Infra.Fleet;
using Stadium.Scaling.Loop;

namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// What the autoscaler inside the rehearsal's cluster decided: every decision its control API's <c>GET /decisions</c>
/// still holds (the last 500, plenty for a rehearsal), read while the cluster runs. <see cref="Rounds"/>: the rounds it
/// made (the decisions of its busiest target); null when the control API could not be read (<see cref="Problem"/> says why).
/// </summary>
public sealed record AutoscalerRecord(int? Rounds, IReadOnlyList<Decision> Decisions, string? Problem)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<AutoscalerRecord> ReadAsync(string dataDir, CancellationToken ct)
    {
        try
        {
            var state = await ClusterStateFile.LoadAsync(ClusterStateFile.PathIn(dataDir), ct).ConfigureAwait(false);
            if (state is null)
            {
                return new AutoscalerRecord(null, [], $"no cluster.json in {dataDir}");
            }

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var decisions = await client.GetFromJsonAsync<List<Decision>>(new Uri(new Uri(state.ControlUrl), "/decisions"), Json, ct).ConfigureAwait(false) ?? [];
            return new AutoscalerRecord(decisions.GroupBy(d => d.Target).Select(g => g.Count()).DefaultIfEmpty(0).Max(), decisions, null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or IOException or OperationCanceledException or Stadium.Infra.InfraCommandException)
        {
            return new AutoscalerRecord(null, [], $"the control API's /decisions did not answer: {e.Message}");
        }
    }

    /// <summary>The decisions that would change a size, in order, timed from <paramref name="loadStarted"/>.</summary>
    public IReadOnlyList<ScaleEvent> ScaleEvents(DateTimeOffset loadStarted) =>
    [
        .. Decisions.Where(d => d.Desired != d.Current).OrderBy(d => d.At)
            .Select(d => new ScaleEvent(Math.Round((d.At - loadStarted).TotalSeconds, 1), d.Target, d.Current, d.Desired, d.Applied, d.Signal, d.Reason)),
    ];
}
