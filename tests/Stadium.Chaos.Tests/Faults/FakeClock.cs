using Microsoft.Extensions.Time.Testing;

namespace Stadium.Chaos.Tests.Faults;

/// <summary>Ends a fault's duration on a fake clock.</summary>
internal static class FakeClock
{
    /// <summary>
    /// Advances the clock by <paramref name="step"/> until the run completes: its delay may be created only after the
    /// test saw the fault take effect, and an advance made before that would pass it by.
    /// </summary>
    public static async Task FinishAsync(this FakeTimeProvider time, Task run, TimeSpan step)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!run.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(step);
            await Task.WhenAny(run, Task.Delay(50));
        }

        await run;
    }
}
