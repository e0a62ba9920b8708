using Stadium.Lab.Naming;

namespace Stadium.Lab.Journeys.Actions;

/// <summary>
/// What a user does in one iteration, named as a scenario's journey mix says (<c>readFeed: 45</c>). The account is
/// chosen and signed in before it runs. Registered in <see cref="JourneyActions"/>; adding one is a file here and a
/// line there.
/// </summary>
internal interface IJourneyAction : INamed
{
    Task RunAsync(JourneyIteration iteration, CancellationToken ct);
}
