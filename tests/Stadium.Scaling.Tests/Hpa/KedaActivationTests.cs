using Microsoft.Extensions.Time.Testing;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Tests.Hpa;

/// <summary>
/// KEDA's rule for workers with minReplicas 0 (keda.sh/docs "Scaling Deployments": activation and cooldownPeriod): a
/// queue above its activation value wakes a target at zero with one replica; an idle target goes to zero only after the
/// cooldown period; between one and the maximum the HPA decides.
/// </summary>
public sealed class KedaActivationTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void An_active_queue_wakes_a_target_at_zero_and_an_idle_one_leaves_it_there()
    {
        var keda = new KedaActivation(TimeSpan.FromSeconds(300), _clock);

        Assert.Equal((0, "inactive: every metric is at or below its activation value"), keda.Decide(0, null));
        var woken = keda.Decide(0, "queueDepth 3 above activationValue 0");
        Assert.Equal(1, woken!.Value.Replicas);
        Assert.Contains("activated: queueDepth 3", woken.Value.Reason, StringComparison.Ordinal);
        Assert.Null(keda.Decide(2, "queueDepth 30 above activationValue 0"));
    }

    [Fact]
    public void An_idle_target_goes_to_zero_only_after_the_cooldown_period()
    {
        var keda = new KedaActivation(TimeSpan.FromSeconds(300), _clock);
        keda.Decide(2, "queueDepth 8 above activationValue 0");

        _clock.Advance(TimeSpan.FromSeconds(299));
        Assert.Null(keda.Decide(2, null));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, keda.Decide(2, null)!.Value.Replicas);
    }

    [Fact]
    public void A_target_never_active_since_the_start_goes_to_zero_at_once()
    {
        var keda = new KedaActivation(TimeSpan.FromSeconds(300), _clock);

        Assert.Equal(0, keda.Decide(1, null)!.Value.Replicas);
    }
}
