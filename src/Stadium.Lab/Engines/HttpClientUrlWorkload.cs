using Stadium.Lab.Execution;
using Stadium.Lab.Generic;
using Stadium.Lab.Http;

namespace Stadium.Lab.Engines;

/// <summary>The HttpClient engine's one-request list, owning the client and sender it sends through for the run.</summary>
internal sealed class HttpClientUrlWorkload(RequestListWorkload requests, MeasuredSender sender, HttpClient client) : IUrlWorkload
{
    public void EnterPhase(int phaseIndex, PhasePlan phase) => requests.EnterPhase(phaseIndex, phase);

    public ValueTask RunIterationAsync(IterationContext context, CancellationToken ct) => requests.RunIterationAsync(context, ct);

    public ValueTask DisposeAsync()
    {
        sender.Dispose();
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
