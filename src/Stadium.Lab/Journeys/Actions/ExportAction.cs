namespace Stadium.Lab.Journeys.Actions;

/// <summary>Asks for an export of the user's data (a queued job on the server).</summary>
internal sealed class ExportAction : IJourneyAction
{
    public string Name => "export";

    public IReadOnlyList<string> Aliases => ["requestExport"];

    public Task RunAsync(JourneyIteration iteration, CancellationToken ct) =>
        iteration.SendAsync(HttpMethod.Post, "/v1/exports", "{}", StadiumEndpoints.Export, keepBody: false, ct);
}
