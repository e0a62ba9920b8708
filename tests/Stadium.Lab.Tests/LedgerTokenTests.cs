using Stadium.Lab.Execution;
using Stadium.Lab.Http;
using Stadium.Lab.Journeys;
using Stadium.Lab.Ledger;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Tests;

/// <summary>
/// A created post's answer carries the service's read-your-writes token (as the API does on a store with replicas): the
/// ledger keeps it with the entry, in its own field, and an answer without one leaves the entry as it always was.
/// </summary>
public sealed class LedgerTokenTests : TempFolderTest
{
    [Fact]
    public async Task An_acknowledged_write_keeps_the_token_its_answer_carried()
    {
        await using var api = await FakeStadiumApi.StartAsync();
        api.PostConsistency = n => n % 2 == 1 ? (0x3000 + n).ToString("X", System.Globalization.CultureInfo.InvariantCulture) : null;
        var path = Path.Combine(Folder, "ledger.jsonl");
        using var client = new HttpClient();
        await using (var ledger = new WriteLedger(path))
        {
            var options = new StadiumJourneyOptions(
                api.Address, Population: 1, "password", 1.0, JourneyMix.Parse(new Dictionary<string, double> { ["createPost"] = 1 }),
                new Dictionary<int, JourneyMix>(), new PostBodySizes(), ledger);
            var workload = new StadiumJourneyWorkload(options, new MeasuredSender(client, TimeProvider.System), new LoadMeasurements());
            workload.EnterPhase(0, PhasePlan.ConstantRate("test", 1, TimeSpan.FromSeconds(10), 10, TimeSpan.FromSeconds(1)));
            for (var i = 0; i < 2; i++)
            {
                await workload.RunIterationAsync(new IterationContext(TimeProvider.System.GetTimestamp(), -1, 0), CancellationToken.None);
            }
        }

        var entries = await WriteLedger.ReadAsync(path, CancellationToken.None);
        Assert.Equal([1L, 2L], entries.Select(e => e.PostId));
        Assert.Equal(["3001", null], entries.Select(e => e.Consistency));
        Assert.DoesNotContain("consistency", (await File.ReadAllLinesAsync(path))[1], StringComparison.Ordinal);
    }
}
